import type { JsonSchema, OpenApiDocument, Operation } from './types';

const parameterCount = (template: string): number => template.split('{').length - 1;

/** A request path matched against the document's templates: `/jobs/abc` -> `/jobs/{id}`. */
export function matchTemplate(
  doc: OpenApiDocument,
  method: string,
  pathname: string,
): { template: string; operation: Operation } | undefined {
  const verb = method.toLowerCase() as keyof OpenApiDocument['paths'][string];
  const parts = pathname.split('/');
  // Literal segments win over parameters (`/incidents/offers` before `/incidents/{id}`).
  const candidates = Object.keys(doc.paths)
    .filter((template) => {
      const segments = template.split('/');
      return segments.length === parts.length && segments.every((segment, i) => segment.startsWith('{') || segment === parts[i]);
    })
    .sort((a, b) => parameterCount(a) - parameterCount(b));
  for (const template of candidates) {
    const operation = doc.paths[template]?.[verb];
    if (operation) return { template, operation };
  }
  return undefined;
}

/**
 * The JSON schema a response of this status must match: the exact status, else its class
 * (`4XX`), else none (`undefined`: the document does not describe it).
 */
export function responseSchema(operation: Operation, status: number, contentType = 'application/json'): JsonSchema | undefined {
  const entry = operation.responses[String(status)] ?? operation.responses[`${String(status)[0]}XX`];
  return entry?.content?.[contentType]?.schema;
}

/** The contract routes the document lacks (by path and method, with the route id as operationId). */
export function missingRoutes(
  doc: OpenApiDocument,
  routes: ReadonlyArray<{ readonly id: string; readonly method: string; readonly path: string }>,
): string[] {
  return routes
    .filter(
      (route) => doc.paths[route.path]?.[route.method.toLowerCase() as keyof OpenApiDocument['paths'][string]]?.operationId !== route.id,
    )
    .map((route) => `${route.id} (${route.method} ${route.path})`);
}
