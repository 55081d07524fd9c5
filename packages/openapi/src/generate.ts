import { join } from 'node:path';
import { handlerEntry, ROUTES, type RouteContract } from '@roadcall/contracts';
import { ROUTE_SCHEMAS, type RouteSchemas } from '@roadcall/utils/http';
import * as z from 'zod/mini';
import { errorBody, RESPONSES } from './responses';
import type { JsonSchema, OpenApiDocument, Operation, Parameter, ResponseObject } from './types';

export const OPENAPI_VERSION = '3.1.0';
export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';
const ERROR_REF = { $ref: '#/components/schemas/Error' } as const;

/** A zod schema as JSON Schema 2020-12, as a client sends it (`io: 'input'`: before coercion and defaults apply). */
export function toJsonSchema(schema: z.core.$ZodType, io: 'input' | 'output' = 'input'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  const { $schema: _dialect, ...rest } = json;
  return rest;
}

/** The names in a path template, in order: `/jobs/{id}/events` -> ['id']. */
export function pathParameterNames(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);
}

/** Loads the request schemas a route's handler validates with (kept on the handler by createHandler). */
export function handlerSchemas(route: RouteContract, root: string): RouteSchemas | undefined {
  const loaded = require(join(root, handlerEntry(route))) as { handler?: { [ROUTE_SCHEMAS]?: RouteSchemas } };
  return loaded.handler?.[ROUTE_SCHEMAS];
}

function objectProperties(schema: JsonSchema): { properties: Record<string, JsonSchema>; required: ReadonlyArray<string> } {
  return {
    properties: (schema.properties as Record<string, JsonSchema> | undefined) ?? {},
    required: (schema.required as ReadonlyArray<string> | undefined) ?? [],
  };
}

function parameters(route: RouteContract, schemas: RouteSchemas | undefined): Parameter[] {
  const params: Parameter[] = [];
  const path = schemas?.path ? objectProperties(toJsonSchema(schemas.path)) : undefined;
  for (const name of pathParameterNames(route.path)) {
    params.push({ name, in: 'path', required: true, schema: path?.properties[name] ?? { type: 'string', minLength: 1 } });
  }
  if (schemas?.query) {
    const query = objectProperties(toJsonSchema(schemas.query));
    for (const [name, schema] of Object.entries(query.properties)) {
      params.push({ name, in: 'query', required: query.required.includes(name), schema });
    }
  }
  return params;
}

function operation(route: RouteContract, schemas: RouteSchemas | undefined): Operation {
  const success = RESPONSES[route.id];
  if (!success) throw new Error(`@roadcall/openapi has no response schema for route ${route.id} (src/responses.ts)`);
  const answer: ResponseObject = {
    description: success.description,
    ...(success.stream
      ? { content: { 'text/event-stream': { schema: { type: 'string' } } } }
      : success.schema
        ? { content: { 'application/json': { schema: toJsonSchema(success.schema, 'output') } } }
        : {}),
  };
  const responses: Operation['responses'] = {};
  for (const status of [success.status, ...(success.alsoStatuses ?? [])]) responses[String(status)] = answer;
  const error = (description: string) => ({ description, content: { 'application/json': { schema: ERROR_REF } } });
  if (schemas?.path || schemas?.query || schemas?.body) responses['400'] = error('Invalid request (the details name each field)');
  if (route.auth !== 'public') responses['401'] = error('Missing, invalid or expired bearer token');
  if (route.auth === 'admin') responses['403'] = error('The caller lacks the admin role');
  responses['4XX'] = error('Another client error: not found, conflict, rate limited (with Retry-After), ...');
  responses['5XX'] = error('A dependency is down (503 with Retry-After) or an unexpected error');

  const op: Operation = {
    operationId: route.id,
    summary: route.summary,
    tags: [route.service],
    security: route.auth === 'public' ? [] : [{ bearer: [] }],
    'x-roadcall-auth': route.auth,
    parameters: parameters(route, schemas),
    responses,
  };
  if (schemas?.body) {
    return { ...op, requestBody: { required: true, content: { 'application/json': { schema: toJsonSchema(schemas.body) } } } };
  }
  if (route.cache) return { ...op, 'x-roadcall-cache': { ...route.cache } };
  return op;
}

/**
 * The OpenAPI 3.1 description of every contract route: paths and methods from the contracts,
 * parameters and request bodies from the zod schemas each handler validates with, responses from
 * `RESPONSES` and the error body every route shares, auth per route (bearer; admin routes noted).
 *
 * Loads every route's handler module (as the local stack does) to read its schemas.
 *
 * @example
 * const doc = buildOpenApi({ root: repoRoot() });
 * doc.paths['/jobs/{id}'].delete.operationId; // 'jobs.cancel'
 */
export function buildOpenApi(options: { readonly root: string; readonly routes?: ReadonlyArray<RouteContract> }): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const route of options.routes ?? ROUTES) {
    const item = paths[route.path] ?? {};
    paths[route.path] = item;
    item[route.method.toLowerCase() as Lowercase<RouteContract['method']>] = operation(route, handlerSchemas(route, options.root));
  }
  return {
    openapi: OPENAPI_VERSION,
    jsonSchemaDialect: JSON_SCHEMA_DIALECT,
    info: {
      title: 'Roadcall API',
      version: '0.1.0',
      description:
        'Generated from packages/contracts (routes, auth) and the handlers\' zod schemas by `pnpm run docs`; do not edit. Every error answers `{ "error": { "code", "message", "details"? }, "requestId" }`.',
    },
    servers: [{ url: '/' }],
    tags: [...new Set((options.routes ?? ROUTES).map((route) => route.service))].map((name) => ({ name })),
    paths,
    components: {
      schemas: { Error: toJsonSchema(errorBody, 'output') },
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A Cognito ID token in AWS; locally one of the demo tokens `pnpm dev` prints. Admin routes need the admin group.',
        },
      },
    },
  };
}

/** The document as `pnpm run docs` writes it (docs/openapi.json): stable, two-space JSON and a newline. */
export function renderOpenApi(doc: OpenApiDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
