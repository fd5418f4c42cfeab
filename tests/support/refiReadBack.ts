// Reading a Pizhu .qdpx / .qdc back the way another tool would: Info-ZIP's unzip takes the
// archive apart, xmllint validates project.qde against the REFI-QDA schema, and an XML parser
// reads the selections. Nothing here is the app's own code.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';

export const PROJECT_XSD = join(import.meta.dirname, '../fixtures/refi-qda/Project-mrt2019.xsd');

/** xmllint's verdict on `xml` against the project schema: null when valid, else its messages. */
export function schemaErrors(xml: string): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'pizhu-qde-'));
  try {
    const file = join(dir, 'project.qde');
    writeFileSync(file, xml);
    execFileSync('xmllint', ['--noout', '--schema', PROJECT_XSD, file], { stdio: 'pipe' });
    return null;
  } catch (error) {
    const e = error as { stderr?: Buffer; message: string };
    return e.stderr?.toString() || e.message;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The files of a ZIP archive, by path, as unzip extracts them. */
export function unzipped(bytes: Uint8Array): Map<string, Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'pizhu-qdpx-'));
  try {
    const archive = join(dir, 'project.qdpx');
    writeFileSync(archive, bytes);
    execFileSync('unzip', ['-q', archive, '-d', join(dir, 'out')], { stdio: 'pipe' });
    const out = new Map<string, Buffer>();
    const walk = (rel: string) => {
      for (const entry of readdirSync(join(dir, 'out', rel), { withFileTypes: true })) {
        const path = rel ? `${rel}/${entry.name}` : entry.name;
        if (entry.isDirectory()) walk(path);
        else out.set(path, readFileSync(join(dir, 'out', path)));
      }
    };
    walk('');
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface ReadSelection {
  guid: string;
  source: string;
  start: number;
  end: number;
  codeGuids: string[];
  noteGuids: string[];
}

const ARRAYS = new Set(['Code', 'TextSource', 'PlainTextSelection', 'Coding', 'NoteRef', 'Note']);

export function parseXml(xml: string): Record<string, unknown> {
  return new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseAttributeValue: false, parseTagValue: false, trimValues: false, htmlEntities: true, isArray: (name) => ARRAYS.has(name) }).parse(xml) as Record<string, unknown>;
}

type Node = Record<string, unknown>;
const list = (n: unknown): Node[] => (Array.isArray(n) ? (n as Node[]) : []);

/** Selections of a project.qde: where they are and what they point at. */
export function selectionsOf(qde: string): { selections: ReadSelection[]; sources: { guid: string; name: string; path: string; description: string }[]; notes: Map<string, string>; codes: { guid: string; name: string; path: string[]; color?: string; description?: string }[] } {
  const project = parseXml(qde).Project as Node;
  const sources = list((project.Sources as Node | undefined)?.TextSource);
  const selections: ReadSelection[] = [];
  for (const s of sources) {
    for (const sel of list(s.PlainTextSelection)) {
      selections.push({
        guid: String(sel['@guid']),
        source: String(s['@plainTextPath']).replace('internal://', ''),
        start: Number(sel['@startPosition']),
        end: Number(sel['@endPosition']),
        codeGuids: list(sel.Coding).map((c) => String((c.CodeRef as Node)['@targetGUID'])),
        noteGuids: list(sel.NoteRef).map((n) => String(n['@targetGUID'])),
      });
    }
  }
  const notes = new Map(list((project.Notes as Node | undefined)?.Note).map((n) => [String(n['@guid']), String(n.PlainTextContent)]));
  return {
    selections,
    sources: sources.map((s) => ({ guid: String(s['@guid']), name: String(s['@name']), path: String(s['@plainTextPath']), description: String(s.Description ?? '') })),
    notes,
    codes: codesOf((project.CodeBook as Node | undefined)?.Codes as Node | undefined),
  };
}

export function codesOf(codes: Node | undefined, path: string[] = []): { guid: string; name: string; path: string[]; color?: string; description?: string }[] {
  return list(codes?.Code).flatMap((c) => {
    const here = [...path, String(c['@name'])];
    const description = c.Description === undefined ? undefined : String(c.Description);
    const color = c['@color'] === undefined ? undefined : String(c['@color']);
    return [{ guid: String(c['@guid']), name: String(c['@name']), path: here, color, description }, ...codesOf(c, here)];
  });
}
