/**
 * Shapes of the contracts. Everything here is plain, serialisable data: the CDK app, the local
 * stack and the handlers all read the same values, so none of them may import AWS code here.
 */

/** HTTP methods API Gateway REST routes use in Roadcall. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Roles carried in the authorizer claims (`cognito:groups` in AWS, the local JWT locally). */
export type Role = 'driver' | 'vendor' | 'admin';

/**
 * Who may call a route.
 * - `public`: no token needed (health checks).
 * - `user`: any authenticated caller; finer checks (owner, vendor itself) live in the service.
 * - `admin`: the caller must carry the `admin` role, else 403.
 */
export type RouteAuth = 'public' | 'user' | 'admin';

/** Services, each a workspace package `services/<name>-svc`. */
export type ServiceName = 'vendors' | 'incidents' | 'tracking' | 'payments' | 'jobs' | 'platform';

/** How a function touches a table; CDK turns it into the narrowest grant. */
export type TableAccess = 'read' | 'write' | 'readwrite';

/** How a function touches a queue. */
/** `inspect`: read the queue's and its DLQ's attributes (depth, redrive policy) only, no messages. */
export type QueueAccess = 'send' | 'consume' | 'inspect';

/** How a function touches a Redis keyspace (no IAM grant: it documents and the ownership test checks it). */
export type KeyspaceAccess = 'read' | 'write' | 'readwrite';

/** Resources a function uses: drives its env vars (locally and in CDK) and its IAM grants. */
export interface ResourceUse {
  readonly tables?: ReadonlyArray<{ readonly table: string; readonly access: TableAccess }>;
  readonly queues?: ReadonlyArray<{ readonly queue: string; readonly access: QueueAccess }>;
  readonly buckets?: ReadonlyArray<{ readonly bucket: string; readonly access: TableAccess }>;
  /**
   * Redis keyspaces ({@link REDIS_KEYSPACES}) the function's own code reads or writes. A keyspace
   * reached through another service's public face is declared by the code that touches it: the
   * owner's function, or (a read) the caller's. Declaring one implies `redis`.
   */
  readonly keyspaces?: ReadonlyArray<{ readonly keyspace: string; readonly access: KeyspaceAccess }>;
  /** Connects to ElastiCache Redis (needs the VPC and the AUTH secret). */
  readonly redis?: boolean;
  /** Connects to Aurora PostgreSQL through RDS Proxy. */
  readonly database?: boolean;
  /** Sends email through SES. */
  readonly email?: boolean;
  /** Invokes other functions (the warmer). */
  readonly invoke?: boolean;
  /**
   * Functions this one calls synchronously (Lambda Invoke, RequestResponse), by id: another
   * service's narrow write interface (see `INVOCABLES`). CDK sets `FUNCTION_NAME_<ID>` and grants
   * `lambda:InvokeFunction` on exactly those functions.
   */
  readonly invokes?: ReadonlyArray<string>;
}

/**
 * A Lambda function: `services/<service>-svc/src/handlers/<handler>.ts` exporting `handler`.
 * Its id (`<service>.<handler>`) is its logical name in CDK and locally.
 */
export interface FunctionSpec {
  readonly service: ServiceName;
  readonly handler: string;
  readonly uses?: ResourceUse;
  /** Kept warm by the warmer rule (EventBridge every 5 minutes). */
  readonly warm?: boolean;
  /** Containers the warmer keeps warm (concurrent invocations per run); default `WARMER.defaultConcurrency`. */
  readonly warmConcurrency?: number;
  readonly timeoutSeconds?: number;
  readonly memoryMb?: number;
}

/** HTTP caching policy of a route (the handler wrapper's cache middleware applies it). */
export interface RouteCachePolicy {
  /** Cache namespace from {@link CACHE_NAMESPACES}: its TTL and tiers apply. */
  readonly namespace: string;
  /** Key the entry by caller, so one user's response can never be served to another. */
  readonly varyByUser: boolean;
  /** Key the entry by the (sorted) query string. */
  readonly varyByQuery: boolean;
}

/** An API Gateway REST route and the function that serves it. */
export interface RouteContract extends FunctionSpec {
  /** `<service>.<handler>`, unique. */
  readonly id: string;
  readonly method: HttpMethod;
  /** API Gateway path template, e.g. `/vendors/{id}`. */
  readonly path: string;
  readonly auth: RouteAuth;
  readonly cache?: RouteCachePolicy;
  /**
   * Cache namespaces (names) the route's code reads through `getCache` besides its HTTP cache
   * policy: documents the route's cache use, and lets the contract test prove every namespace
   * in the catalog is read by some route.
   */
  readonly readsCache?: ReadonlyArray<string>;
  /** The response is a Server-Sent Events stream (Lambda response streaming in AWS). */
  readonly stream?: boolean;
  /** One-line description, used in docs and the API Gateway method. */
  readonly summary: string;
}

export type AttributeType = 'S' | 'N' | 'B';

export interface KeySchema {
  readonly partitionKey: { readonly name: string; readonly type: AttributeType };
  readonly sortKey?: { readonly name: string; readonly type: AttributeType };
}

export interface GlobalSecondaryIndex extends KeySchema {
  readonly name: string;
}

/** A DynamoDB table. Its physical name is generated (CDK) or derived from the stage (locally). */
export interface TableContract extends KeySchema {
  /** Logical name, e.g. `vendors`. */
  readonly name: string;
  /** The one service whose functions may write it; others go through its public face or a message. */
  readonly owner: ServiceName;
  /** Env var that carries the physical table name to handlers. */
  readonly envVar: string;
  readonly gsis?: ReadonlyArray<GlobalSecondaryIndex>;
  /** Attribute holding the epoch-seconds expiry; reads must still filter on it. */
  readonly ttlAttribute?: string;
  /**
   * Put behind DAX in AWS, for the services named here: their code reads and writes the table
   * through a DAX client, so their functions that use the table get `DAX_ENDPOINT`, the DAX grants,
   * the DAX client layer and a place in the VPC. Other services' functions reach the table directly.
   * Whether DAX pays is a per-table decision with numbers: docs/vendors.md, "DAX".
   */
  readonly dax?: { readonly services: ReadonlyArray<ServiceName> };
}

/** An SQS queue with its DLQ and consumer. */
export interface QueueContract {
  readonly name: string;
  /** The service that consumes it; any service may send it a message, only the owner consumes. */
  readonly owner: ServiceName;
  /** Env var that carries the queue URL. */
  readonly envVar: string;
  readonly visibilityTimeoutSeconds: number;
  /** Receives before a message moves to the DLQ. */
  readonly maxReceiveCount: number;
  readonly retentionDays: number;
  readonly consumer?: FunctionSpec & {
    readonly batchSize: number;
    /** Max concurrent consumer invocations (event source mapping maximumConcurrency, >= 2). */
    readonly maxConcurrency: number;
  };
}

/** An S3 bucket the handlers use. */
export interface BucketContract {
  readonly name: string;
  /** The one service whose functions may write it. */
  readonly owner: ServiceName;
  readonly envVar: string;
  /** Objects expire after this many days (lifecycle rule). */
  readonly expireAfterDays?: number;
}

/**
 * A Redis keyspace: every key under `rc:<stage>:<prefix>`. One service owns it; only its functions
 * declare write access (`ResourceUse.keyspaces`). Keyspaces written on every function's behalf by
 * a runtime library (the cache's L2, the metrics buckets) name that library as `via`: functions
 * reach them through it and declare nothing.
 */
export interface RedisKeyspaceContract {
  readonly name: string;
  readonly owner: ServiceName;
  /** The key prefix under `rc:<stage>:` (or the env var that overrides it). */
  readonly prefix: string;
  /** The keys and their Redis types, and how they are used. */
  readonly description: string;
  /** The library every function writes it through, when no function declares it. */
  readonly via?: string;
}

/** An EventBridge schedule. `rate(...)` or `cron(...)` in EventBridge syntax. */
export interface ScheduleContract {
  readonly id: string;
  readonly expression: string;
  readonly description: string;
  readonly target: FunctionSpec;
  /** Static JSON input delivered as the event detail. */
  readonly input?: Readonly<Record<string, unknown>>;
}

/**
 * A function run once per deploy, after the resources its `uses` name exist (a CDK
 * `triggers.Trigger` in AWS: a failure fails the deploy; the local stacks run it once at start).
 * It runs again on every deploy that changes its code.
 */
export interface DeployTriggerContract {
  readonly id: string;
  readonly description: string;
  readonly target: FunctionSpec;
}

/**
 * A function another service calls synchronously through Lambda Invoke (its narrow write
 * interface): the owner keeps the writes, the callers name it in `uses.invokes`.
 */
export interface InvocableContract {
  readonly id: string;
  readonly description: string;
  readonly target: FunctionSpec;
  /**
   * How long a caller waits for the answer before it gives up with a 503 (Retry-After): shorter
   * than the callers' own timeouts, so a cold or throttled callee makes the caller answer degraded
   * instead of being killed by Lambda mid-request (which API Gateway turns into a bare 502).
   */
  readonly callerWaitSeconds: number;
}

/** Where a cache namespace's entries may live. */
export type CacheTier = 'memory' | 'redis' | 'dynamodb';

/** A cache namespace: its TTL (seconds, `null` = no expiry: invalidated on update) and tiers. */
export interface CacheNamespace {
  readonly name: string;
  readonly ttlSeconds: number | null;
  readonly tiers: ReadonlyArray<CacheTier>;
  /** Entries are per user: keys must be scoped by user (and tenant). */
  readonly perUser?: boolean;
  readonly description: string;
}
