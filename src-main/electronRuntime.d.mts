export declare function electronRuntime(root: string): { ok: true; executable: string } | { ok: false; reason: string };
