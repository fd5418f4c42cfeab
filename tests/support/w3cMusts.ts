// The W3C Web Annotation test suite's MUST assertions as a JSON-Schema (draft-04) validator
// (tests/fixtures/w3c-web-annotation, SOURCE.md there), shared by the backup's and the
// annotation files' tests. backup-w3c.test.ts proves it on the suite's own samples.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Ajv from 'ajv';

export const SUITE = join(import.meta.dirname, '../fixtures/w3c-web-annotation');
const require = createRequire(import.meta.url);
export const readJson = (path: string): Record<string, unknown> => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

function suiteAjv(): Ajv.Ajv {
  const ajv = new Ajv({ schemaId: 'id', format: 'full', allErrors: false, unknownFormats: 'ignore', logger: false });
  ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json'));
  for (const file of readdirSync(join(SUITE, 'definitions'))) ajv.addSchema(readJson(join(SUITE, 'definitions', file)));
  return ajv;
}

function validator() {
  const ajv = suiteAjv();
  const musts = (readJson(join(SUITE, 'annotations/annotationMusts.test')).assertions as string[]).map((path) => {
    const schema = readJson(join(SUITE, path));
    const check = ajv.compile(schema);
    const expected = schema.expectedResult !== 'invalid';
    return { path, check: (annotation: unknown) => check(annotation) === expected };
  });
  /** The MUST assertions `annotation` fails (empty: it conforms). */
  return (annotation: unknown): string[] => musts.filter((m) => !m.check(annotation)).map((m) => m.path);
}

/** The MUST assertions of the suite that `annotation` fails (empty: it conforms). */
export const failedMusts = validator();

const optionalAjv = suiteAjv();

/** Whether `annotation` meets one of the suite's MAY / SHOULD assertions (a path under annotations/). */
export function meetsAssertion(path: string, annotation: unknown): boolean {
  return optionalAjv.validate(readJson(join(SUITE, 'annotations', path)), annotation) === true;
}
