import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TABLES } from '@roadcall/contracts';
import { Duration } from 'aws-cdk-lib';
import * as appsync from 'aws-cdk-lib/aws-appsync';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { StageConfig } from '../config/stages';

/** The resolver function that authorizes a tracking query (APPSYNC_JS), kept and tested in tracking-svc. */
const AUTHORIZE_INCIDENT_CODE = path.join(
  __dirname,
  '..',
  '..',
  '..',
  'services',
  'tracking-svc',
  'src',
  'appsync',
  'authorizeIncident.js',
);

/** AppSync per-resolver cache TTL for tracking queries: fresh enough for a moving truck. */
export const TRACKING_CACHE_TTL_SECONDS = 5;

export interface TrackingGraphqlProps {
  readonly config: StageConfig;
  readonly userPool: cognito.IUserPool;
  readonly incidents: dynamodb.ITable;
  readonly trackingHistory: dynamodb.ITable;
}

/**
 * A read-only GraphQL API for tracking history, with an encrypted AppSync cache (5 s per resolver).
 *
 * The resolver is a pipeline: (1) read the incident and allow only its driver, its assigned vendor
 * or an admin (anyone else gets "not found", so existence does not leak); (2) query the history,
 * newest first, filtering out points past their TTL (DynamoDB deletes expired items lazily). The
 * cache key includes the caller's `sub`, so one user's cached answer is never served to another.
 */
export class TrackingGraphql extends Construct {
  readonly api: appsync.GraphqlApi;

  constructor(scope: Construct, id: string, props: TrackingGraphqlProps) {
    super(scope, id);
    const trackingKey = TABLES.trackingHistory.partitionKey.name;
    const ttlAttribute = TABLES.trackingHistory.ttlAttribute;

    this.api = new appsync.GraphqlApi(this, 'Api', {
      name: `roadcall-${props.config.name}-tracking`,
      definition: appsync.Definition.fromFile(path.join(__dirname, '..', 'graphql', 'tracking.graphql')),
      authorizationConfig: {
        defaultAuthorization: { authorizationType: appsync.AuthorizationType.USER_POOL, userPoolConfig: { userPool: props.userPool } },
      },
      logConfig: { fieldLogLevel: appsync.FieldLogLevel.ERROR, retention: props.config.logs.retentionDays as logs.RetentionDays },
      xrayEnabled: true,
      introspectionConfig: props.config.name === 'prod' ? appsync.IntrospectionConfig.DISABLED : appsync.IntrospectionConfig.ENABLED,
    });

    const cache = new appsync.CfnApiCache(this, 'Cache', {
      apiId: this.api.apiId,
      apiCachingBehavior: 'PER_RESOLVER_CACHING',
      type: 'SMALL',
      ttl: TRACKING_CACHE_TTL_SECONDS,
      atRestEncryptionEnabled: true,
      transitEncryptionEnabled: true,
    });

    // Each data source gets a role with exactly the one action its function uses. The data source
    // sees the role as immutable, so CDK's broader default grant (all read actions, index/*) is not added.
    const dataSource = (id: string, table: dynamodb.ITable, action: string): appsync.DynamoDbDataSource => {
      const role = new iam.Role(this, `${id}Role`, {
        assumedBy: new iam.ServicePrincipal('appsync.amazonaws.com'),
        description: `AppSync ${id} data source: ${action} on one table`,
      });
      role.addToPolicy(new iam.PolicyStatement({ actions: [action], resources: [table.tableArn] }));
      const immutable = iam.Role.fromRoleArn(this, `${id}RoleRef`, role.roleArn, { mutable: false });
      return new appsync.DynamoDbDataSource(this, id, { api: this.api, table, serviceRole: immutable, readOnlyAccess: true });
    };
    const incidents = dataSource('Incidents', props.incidents, 'dynamodb:GetItem');
    const tracking = dataSource('Tracking', props.trackingHistory, 'dynamodb:Query');

    const authorize = new appsync.AppsyncFunction(this, 'AuthorizeIncident', {
      api: this.api,
      name: 'authorizeIncident',
      dataSource: incidents,
      runtime: appsync.FunctionRuntime.JS_1_0_0,
      // The authorization rule lives with the tracking service, where it is unit-tested.
      code: appsync.Code.fromInline(readFileSync(AUTHORIZE_INCIDENT_CODE, 'utf8')),
    });
    const query = new appsync.AppsyncFunction(this, 'QueryHistory', {
      api: this.api,
      name: 'queryTrackingHistory',
      dataSource: tracking,
      runtime: appsync.FunctionRuntime.JS_1_0_0,
      code: appsync.Code.fromInline(`
import { util } from '@aws-appsync/utils';
export function request(ctx) {
  const now = Math.floor(util.time.nowEpochMilliSeconds() / 1000);
  const limit = Math.min(Math.max(ctx.args.limit || 100, 1), 500);
  return {
    operation: 'Query',
    query: { expression: '#pk = :id', expressionNames: { '#pk': '${trackingKey}' }, expressionValues: util.dynamodb.toMapValues({ ':id': ctx.args.incidentId }) },
    filter: { expression: 'attribute_not_exists(#exp) OR #exp > :now', expressionNames: { '#exp': '${ttlAttribute}' }, expressionValues: util.dynamodb.toMapValues({ ':now': now }) },
    limit,
    scanIndexForward: false,
    nextToken: ctx.args.nextToken,
  };
}
export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return { items: ctx.result.items, nextToken: ctx.result.nextToken };
}
`),
    });

    const resolver = new appsync.Resolver(this, 'TrackingHistory', {
      api: this.api,
      typeName: 'Query',
      fieldName: 'trackingHistory',
      runtime: appsync.FunctionRuntime.JS_1_0_0,
      code: appsync.Code.fromInline(`
export function request() { return {}; }
export function response(ctx) { return ctx.prev.result; }
`),
      pipelineConfig: [authorize, query],
      cachingConfig: {
        ttl: Duration.seconds(TRACKING_CACHE_TTL_SECONDS),
        cachingKeys: ['$context.identity.sub', '$context.arguments.incidentId', '$context.arguments.limit', '$context.arguments.nextToken'],
      },
    });
    resolver.node.addDependency(cache);
  }
}
