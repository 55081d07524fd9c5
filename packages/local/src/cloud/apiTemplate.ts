import { DEFAULT_INTEGRATION_TIMEOUT_MS } from './constants';
import type { AssemblyModel } from './model';
import { type StageWebAcl, stageWebAcl } from './waf';

/** Stage method settings that apply to one method (API Gateway `MethodSettings`, most specific wins). */
export interface EffectiveMethodSettings {
  /** Set only where the stage has a cache cluster and the settings enable caching for this method. */
  readonly cacheTtlSeconds?: number;
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
}

/** One method of the template's REST API, as the local server serves it. */
export interface TemplateRoute extends EffectiveMethodSettings {
  /** HTTP method, or `ANY`. */
  readonly method: string;
  /** Resource path template, e.g. `/vendors/{id}`. */
  readonly path: string;
  readonly logicalId: string;
  readonly operationName?: string;
  readonly authorizationType: string;
  readonly integrationType: string;
  /** The function of an AWS_PROXY integration (its physical name). */
  readonly functionName?: string;
  /** `ResponseTransferMode: STREAM`: Lambda response streaming. */
  readonly stream: boolean;
  readonly timeoutMs: number;
  /** `Integration.CacheKeyParameters`: what the cache key holds besides the resource path. */
  readonly cacheKeyParameters: ReadonlyArray<string>;
}

/** An `AWS::ApiGateway::GatewayResponse`: how API Gateway answers an error of its own. */
export interface GatewayResponseSpec {
  readonly statusCode?: number;
  /** The `application/json` template (`$context.requestId`, `$context.error.messageString`). */
  readonly template?: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface TemplateApi {
  readonly stack: string;
  readonly restApiId: string;
  readonly name: string;
  readonly stageName: string;
  readonly routes: ReadonlyArray<TemplateRoute>;
  /** By `ResponseType` (`UNAUTHORIZED`, `DEFAULT_4XX`, ...). */
  readonly gatewayResponses: ReadonlyMap<string, GatewayResponseSpec>;
  /** The regional web ACL associated with the stage, evaluated before anything else. */
  readonly webAcl?: StageWebAcl;
}

interface MethodSetting {
  readonly ResourcePath?: string;
  readonly HttpMethod?: string;
  readonly CachingEnabled?: boolean;
  readonly CacheTtlInSeconds?: number;
  readonly ThrottlingRateLimit?: number;
  readonly ThrottlingBurstLimit?: number;
}

/** API Gateway's default cache TTL. */
const DEFAULT_CACHE_TTL_SECONDS = 300;

/** `/~1vendors~1{id}` (MethodSettings' escaped form) to `/vendors/{id}`; `/*` stays. */
function settingPath(resourcePath: string | undefined): string {
  if (!resourcePath || resourcePath === '/*') return '/*';
  // The leading '/' separates; the path's own slashes are escaped as ~1.
  return resourcePath.slice(1).replace(/~1/g, '/');
}

/**
 * The settings for one method: stage-wide entries (`/*`, `*`) first, then the resource's, then the
 * method's, each overriding what it sets. Caching needs the stage's cache cluster; a stage-wide
 * entry enables it for GET methods only, as API Gateway does.
 */
export function effectiveSettings(
  settings: ReadonlyArray<MethodSetting>,
  cacheCluster: boolean,
  method: string,
  path: string,
): EffectiveMethodSettings {
  const rank = (setting: MethodSetting): number =>
    (settingPath(setting.ResourcePath) === '/*' ? 0 : 2) + (setting.HttpMethod === '*' || !setting.HttpMethod ? 0 : 1);
  const applicable = settings
    .filter((setting) => {
      const settingsPath = settingPath(setting.ResourcePath);
      const methodMatches = !setting.HttpMethod || setting.HttpMethod === '*' || setting.HttpMethod === method;
      return methodMatches && (settingsPath === '/*' || settingsPath === path);
    })
    .sort((a, b) => rank(a) - rank(b));
  let caching: { enabled: boolean; ttl?: number; wildcard: boolean } = { enabled: false, wildcard: true };
  let throttle: { rateLimit?: number; burstLimit?: number } = {};
  for (const setting of applicable) {
    if (setting.CachingEnabled !== undefined) caching = { ...caching, enabled: setting.CachingEnabled, wildcard: rank(setting) === 0 };
    if (setting.CacheTtlInSeconds !== undefined) caching = { ...caching, ttl: setting.CacheTtlInSeconds };
    if (setting.ThrottlingRateLimit !== undefined) throttle = { ...throttle, rateLimit: setting.ThrottlingRateLimit };
    if (setting.ThrottlingBurstLimit !== undefined) throttle = { ...throttle, burstLimit: setting.ThrottlingBurstLimit };
  }
  const cached =
    cacheCluster && caching.enabled && (!caching.wildcard || method === 'GET') && (caching.ttl ?? DEFAULT_CACHE_TTL_SECONDS) > 0;
  return {
    cacheTtlSeconds: cached ? (caching.ttl ?? DEFAULT_CACHE_TTL_SECONDS) : undefined,
    throttle:
      throttle.rateLimit !== undefined || throttle.burstLimit !== undefined
        ? {
            rateLimit: throttle.rateLimit ?? Number.POSITIVE_INFINITY,
            burstLimit: throttle.burstLimit ?? Math.ceil(throttle.rateLimit ?? 1),
          }
        : undefined,
  };
}

/** The function name in an AWS_PROXY integration URI (`.../functions/<function ARN>/invocations`). */
function functionFromUri(uri: string): string | undefined {
  return /\/functions\/arn:[^:]+:lambda:[^:]+:[^:]+:function:([^:/]+)/.exec(uri)?.[1];
}

/**
 * The REST APIs of the templates, with their stage for the local run: every
 * AWS::ApiGateway::Method (its resource's full path from the ParentId chain, authorization,
 * integration and the function behind an AWS_PROXY integration, response streaming, timeout,
 * cache key parameters) with the stage's MethodSettings applied.
 *
 * @example
 * const [api] = apisFromTemplates(model);
 * api.routes.find((route) => route.path === '/vendors/{id}' && route.method === 'GET');
 */
export function apisFromTemplates(model: AssemblyModel): TemplateApi[] {
  return model.resourcesOfType('AWS::ApiGateway::RestApi').map(({ stack, logicalId: apiId, resource: api }) => {
    const same = (value: unknown): boolean => (value as { Ref?: string } | undefined)?.Ref === apiId;
    const resources = new Map(
      model
        .resourcesOfType('AWS::ApiGateway::Resource')
        .filter((entry) => entry.stack === stack && same(entry.resource.Properties?.RestApiId))
        .map((entry) => [entry.logicalId, entry.resource.Properties as { ParentId: unknown; PathPart: string }]),
    );
    const pathOf = (resourceId: unknown): string => {
      const id = (resourceId as { Ref?: string } | undefined)?.Ref;
      if (!id) return '';
      const entry = resources.get(id);
      if (!entry) return '';
      return `${pathOf(entry.ParentId)}/${entry.PathPart}`;
    };
    const stage = model
      .resourcesOfType('AWS::ApiGateway::Stage')
      .find((entry) => entry.stack === stack && same(entry.resource.Properties?.RestApiId));
    const stageProperties = (stage ? model.resolve(stack, stage.resource.Properties ?? {}) : {}) as {
      StageName?: string;
      MethodSettings?: MethodSetting[];
      CacheClusterEnabled?: boolean;
    };
    const routes = model
      .resourcesOfType('AWS::ApiGateway::Method')
      .filter((entry) => entry.stack === stack && same(entry.resource.Properties?.RestApiId))
      .map(({ logicalId, resource }): TemplateRoute => {
        const properties = resource.Properties as Record<string, unknown>;
        const integration = (model.resolve(stack, properties.Integration ?? {}) ?? {}) as Record<string, unknown>;
        const method = String(properties.HttpMethod);
        const path = pathOf(properties.ResourceId) || '/';
        return {
          method,
          path,
          logicalId,
          operationName: properties.OperationName === undefined ? undefined : String(properties.OperationName),
          authorizationType: String(properties.AuthorizationType ?? 'NONE'),
          integrationType: String(integration.Type ?? 'MOCK'),
          functionName: typeof integration.Uri === 'string' ? functionFromUri(integration.Uri) : undefined,
          stream: integration.ResponseTransferMode === 'STREAM',
          timeoutMs: Number(integration.TimeoutInMillis ?? DEFAULT_INTEGRATION_TIMEOUT_MS),
          cacheKeyParameters: ((integration.CacheKeyParameters as string[] | undefined) ?? []).map(String),
          ...effectiveSettings(stageProperties.MethodSettings ?? [], stageProperties.CacheClusterEnabled === true, method, path),
        };
      });
    const gatewayResponses = new Map<string, GatewayResponseSpec>(
      model
        .resourcesOfType('AWS::ApiGateway::GatewayResponse')
        .filter((entry) => entry.stack === stack && same(entry.resource.Properties?.RestApiId))
        .map(({ resource }) => {
          const properties = model.resolve(stack, resource.Properties ?? {}) as {
            ResponseType: string;
            StatusCode?: string;
            ResponseTemplates?: Record<string, string>;
            ResponseParameters?: Record<string, string>;
          };
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(properties.ResponseParameters ?? {})) {
            // `gatewayresponse.header.X` = `'static value'` (quoted: a literal, not a mapping).
            const header = /^gatewayresponse\.header\.(.+)$/.exec(name)?.[1];
            if (header && /^'.*'$/.test(value)) headers[header] = value.slice(1, -1);
          }
          return [
            properties.ResponseType,
            {
              statusCode: properties.StatusCode === undefined ? undefined : Number(properties.StatusCode),
              template: properties.ResponseTemplates?.['application/json'],
              headers,
            },
          ] as const;
        }),
    );
    const stageName = stageProperties.StageName ?? model.assembly.stage;
    return {
      stack,
      restApiId: apiId,
      name: String(model.resolve(stack, api.Properties?.Name ?? apiId)),
      stageName,
      routes,
      gatewayResponses,
      webAcl: stageWebAcl(model, { stack, restApiId: apiId, stageName }),
    };
  });
}
