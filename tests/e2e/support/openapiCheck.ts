import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@roadcall/local';
import { matchTemplate, type OpenApiDocument, responseSchema } from '@roadcall/openapi';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { RECORDED_RESPONSES, type RecordedResponse } from './client';

/**
 * The e2e suite's real answers validate against the OpenAPI document (docs/openapi.json, which a
 * unit test keeps equal to what the contracts and the handlers' schemas generate). After each test
 * file, every JSON answer its flows got through ApiClient is checked against the schema of its
 * route and status; a mismatch fails the file with the route, the status and ajv's errors.
 */
let validators: ((entry: RecordedResponse) => string | undefined) | undefined;

function validatorFor(): (entry: RecordedResponse) => string | undefined {
  const doc = JSON.parse(readFileSync(join(repoRoot(), 'docs', 'openapi.json'), 'utf8')) as OpenApiDocument;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'openapi.json', components: doc.components });
  const compiled = new Map<object, ValidateFunction>();
  return (entry) => {
    const found = matchTemplate(doc, entry.method, entry.path);
    if (!found || !entry.contentType.includes('json')) return undefined; // not an API route (adapter 404/405) or no JSON body
    const schema = responseSchema(found.operation, entry.status);
    if (!schema)
      return `${entry.method} ${entry.path} (${found.operation.operationId}) answered ${entry.status}, a status the document does not describe`;
    let validate = compiled.get(schema);
    if (!validate) {
      validate = ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi.json#/components/')) as object);
      compiled.set(schema, validate);
    }
    if (validate(entry.body)) return undefined;
    return `${entry.method} ${entry.path} (${found.operation.operationId}) ${entry.status}: ${ajv.errorsText(validate.errors)}\n  body: ${JSON.stringify(entry.body).slice(0, 500)}`;
  };
}

afterAll(() => {
  validators ??= validatorFor();
  const failures = RECORDED_RESPONSES.map((entry) => validators?.(entry)).filter((failure): failure is string => failure !== undefined);
  const checked = RECORDED_RESPONSES.length;
  RECORDED_RESPONSES.length = 0;
  if (failures.length > 0) {
    throw new Error(`${failures.length} of ${checked} answers do not match docs/openapi.json:\n${[...new Set(failures)].join('\n')}`);
  }
});
