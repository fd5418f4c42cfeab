export interface DistTarget {
  platform: string;
  arch: string;
}
export interface ElectronSource {
  target: DistTarget;
  kind: 'local' | 'cache' | 'download';
  path: string;
}
export type PreflightResult = { ok: true; electronDist: string | null; sources: ElectronSource[] } | { ok: false; message: string };

export declare function targetsFromArgs(args: readonly string[], host: DistTarget): DistTarget[];
export declare function electronArchiveName(version: string, target: DistTarget): string;
export declare function electronCacheRoots(env: Record<string, string | undefined>, platform: string, home?: string): string[];
export declare function findCachedArchive(roots: readonly string[], fileName: string): string | null;
export declare function findLocalRuntime(electronPackageDir: string | null, version: string, target: DistTarget, host: DistTarget): string | null;
export declare function electronDownloadUrl(version: string, target: DistTarget, env: Record<string, string | undefined>): string;
export declare function preflight(options: {
  version: string;
  targets: DistTarget[];
  cacheRoots: string[];
  electronPackageDir: string | null;
  host: DistTarget;
  env: Record<string, string | undefined>;
  probe: (url: string) => Promise<boolean>;
}): Promise<PreflightResult>;
export declare function condenseBuilderFailure(output: string): string;
export declare function probeUrl(url: string, timeoutMs?: number): Promise<boolean>;
