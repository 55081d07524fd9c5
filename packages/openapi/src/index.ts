/** The OpenAPI 3.1 description of the Roadcall API, generated from the contracts and the handlers' zod schemas. */
export {
  buildOpenApi,
  handlerSchemas,
  JSON_SCHEMA_DIALECT,
  OPENAPI_VERSION,
  pathParameterNames,
  renderOpenApi,
  toJsonSchema,
} from './generate';
export { matchTemplate, missingRoutes, responseSchema } from './lookup';
export { errorBody, RESPONSES, type SuccessResponse } from './responses';
export type { JsonSchema, OpenApiDocument, Operation, Parameter, PathItem } from './types';
