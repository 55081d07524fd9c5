import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROUTES } from '@roadcall/contracts';
import { repoRoot } from '@roadcall/local';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import {
  buildOpenApi,
  matchTemplate,
  missingRoutes,
  type OpenApiDocument,
  pathParameterNames,
  renderOpenApi,
  responseSchema,
} from '../../src';

const root = repoRoot();
let doc: OpenApiDocument;

beforeAll(() => {
  doc = buildOpenApi({ root });
});

describe('the OpenAPI document', () => {
  it('describes every route in the contracts, under its path and method, with its id as operationId', () => {
    expect(missingRoutes(doc, ROUTES)).toEqual([]);
    expect(Object.values(doc.paths).flatMap((item) => Object.values(item)).length).toBe(ROUTES.length);
  });

  it('fails the coverage check when a contract route is missing from it', () => {
    const { '/jobs/{id}/events': _dropped, ...paths } = doc.paths;
    expect(missingRoutes({ ...doc, paths }, ROUTES)).toEqual(['jobs.events (GET /jobs/{id}/events)']);
  });

  it('is OpenAPI 3.1 with JSON Schema 2020-12, and every schema in it compiles', () => {
    expect(doc.openapi).toBe('3.1.0');
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    ajv.addSchema({ $id: 'openapi.json', ...doc.components }, 'openapi.json');
    let compiled = 0;
    const visit = (value: unknown, key?: string): void => {
      if (key === 'schema' && value && typeof value === 'object') {
        const text = JSON.stringify(value).replaceAll('"#/components/', '"openapi.json#/');
        ajv.compile(JSON.parse(text));
        compiled += 1;
        return;
      }
      if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, k);
    };
    visit(doc.paths);
    expect(compiled).toBeGreaterThan(ROUTES.length * 2);
  });

  it('declares each path template parameter, auth per route, and the shared error body', () => {
    for (const route of ROUTES) {
      const operation = doc.paths[route.path]?.[route.method.toLowerCase() as 'get'];
      if (!operation) throw new Error(`missing ${route.id}`);
      const declared = operation.parameters.filter((p) => p.in === 'path').map((p) => p.name);
      expect(declared).toEqual(pathParameterNames(route.path));
      expect(operation.security).toEqual(route.auth === 'public' ? [] : [{ bearer: [] }]);
      expect(operation['x-roadcall-auth']).toBe(route.auth);
      if (route.auth === 'admin') expect(operation.responses['403']).toBeDefined();
      expect(responseSchema(operation, 503)).toEqual({ $ref: '#/components/schemas/Error' });
    }
    expect(doc.components.schemas.Error).toMatchObject({ required: ['error'] });
  });

  it('takes request schemas from the handlers: query, body and their constraints', () => {
    const search = doc.paths['/vendors/search']?.get;
    expect(search?.parameters.find((p) => p.name === 'lat')).toMatchObject({
      in: 'query',
      required: true,
      schema: { type: 'number', minimum: -90 },
    });
    const createJob = doc.paths['/jobs']?.post;
    expect(createJob?.requestBody?.content['application/json']?.schema).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['type']),
    });
    expect(doc.paths['/jobs/{id}/events']?.get?.responses['200']?.content?.['text/event-stream']).toBeDefined();
  });

  it('matches concrete paths to templates, literal segments first', () => {
    expect(matchTemplate(doc, 'GET', '/incidents/offers')?.operation.operationId).toBe('incidents.offers');
    expect(matchTemplate(doc, 'GET', '/incidents/abc')?.operation.operationId).toBe('incidents.get');
    expect(matchTemplate(doc, 'DELETE', '/jobs/j-1')?.operation.operationId).toBe('jobs.cancel');
    expect(matchTemplate(doc, 'GET', '/nope')).toBeUndefined();
  });

  it('is committed up to date in docs/openapi.json (run `pnpm run docs`)', () => {
    expect(readFileSync(join(root, 'docs', 'openapi.json'), 'utf8')).toBe(renderOpenApi(doc));
  });
});
