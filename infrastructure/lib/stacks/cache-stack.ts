import { TABLES, type TableContract } from '@roadcall/contracts';
import { Fn, SecretValue, Stack, type StackProps } from 'aws-cdk-lib';
import * as dax from 'aws-cdk-lib/aws-dax';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { REDIS_PORT } from '../config/constants';
import type { StageConfig } from '../config/stages';
import type { NetworkStack } from './network-stack';

export interface CacheStackProps extends StackProps {
  readonly config: StageConfig;
  readonly network: NetworkStack;
  /** Contract tables by key; the DAX role is scoped to those whose contract says `dax: true`. */
  readonly tables: Readonly<Record<string, dynamodb.ITable>>;
}

/**
 * The cache tier: ElastiCache Redis 7 (L2 of the tiered cache and the geo index) and DAX in front
 * of the read-heavy tables. Both only in isolated subnets, both encrypted at rest and in transit.
 */
export class CacheStack extends Stack {
  readonly redis: elasticache.CfnReplicationGroup;
  /** Secrets Manager secret holding the Redis AUTH token. */
  readonly redisAuthSecret: secretsmanager.Secret;
  /** `rediss://<primary or configuration endpoint>:<port>`; the AUTH token is not part of it. */
  readonly redisUrl: string;
  /** Cluster mode enabled (functions get REDIS_CLUSTER=true). */
  readonly redisCluster: boolean;
  /** ElastiCache member cluster ids (`<group>-001` ...), for per-node metrics. */
  readonly redisNodeIds: ReadonlyArray<string>;
  readonly dax?: dax.CfnCluster;
  /** Tables behind DAX (contract keys). */
  readonly daxTableKeys: ReadonlyArray<string>;

  constructor(scope: Construct, id: string, props: CacheStackProps) {
    super(scope, id, props);
    const { config, network } = props;
    const isolated = network.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_ISOLATED });

    // Redis: AUTH token generated into Secrets Manager (ElastiCache wants 16-128 printable chars, no @ " /).
    this.redisAuthSecret = new secretsmanager.Secret(this, 'RedisAuthToken', {
      description: 'ElastiCache Redis AUTH token',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: config.removalPolicy,
    });
    const redisKey = new kms.Key(this, 'RedisKey', {
      description: 'ElastiCache Redis at-rest encryption',
      enableKeyRotation: true,
      removalPolicy: config.removalPolicy,
    });
    const redisSubnets = new elasticache.CfnSubnetGroup(this, 'RedisSubnets', {
      description: 'Roadcall Redis (isolated subnets)',
      subnetIds: isolated.subnetIds,
    });
    const { topology } = config.redis;
    const cluster = topology.mode === 'cluster';
    const replicated = topology.replicasPerShard > 0;
    this.redis = new elasticache.CfnReplicationGroup(this, 'Redis', {
      replicationGroupDescription: `Roadcall ${config.name} cache and geo index`,
      engine: 'redis',
      engineVersion: '7.1',
      cacheNodeType: config.redis.nodeType,
      // The topology comes from the contracts (REDIS_TOPOLOGY): cluster mode enabled shards the
      // keyspace over `shards` node groups, each with its replicas; standalone is one primary.
      ...(cluster
        ? {
            clusterMode: 'enabled',
            cacheParameterGroupName: 'default.redis7.cluster.on',
            numNodeGroups: topology.shards,
            replicasPerNodeGroup: topology.replicasPerShard,
            // Cluster mode enabled requires automatic failover (a shard without a replica just has no one to fail over to).
            automaticFailoverEnabled: true,
          }
        : {
            cacheParameterGroupName: 'default.redis7',
            numCacheClusters: 1 + topology.replicasPerShard,
            automaticFailoverEnabled: replicated,
          }),
      multiAzEnabled: replicated,
      port: REDIS_PORT,
      cacheSubnetGroupName: redisSubnets.ref,
      securityGroupIds: [network.redisSg.securityGroupId],
      atRestEncryptionEnabled: true,
      kmsKeyId: redisKey.keyId,
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      authToken: SecretValue.secretsManager(this.redisAuthSecret.secretArn).unsafeUnwrap(),
      snapshotRetentionLimit: config.redis.snapshotRetentionDays,
      snapshotWindow: '02:00-03:00',
      preferredMaintenanceWindow: 'sun:05:00-sun:06:00',
      autoMinorVersionUpgrade: true,
    });
    this.redis.addResourceDependency(redisSubnets);
    this.redisCluster = cluster;
    // Cluster: the configuration endpoint (ioredis Cluster discovers the shards from it); else the primary's.
    this.redisUrl = cluster
      ? `rediss://${this.redis.attrConfigurationEndPointAddress}:${this.redis.attrConfigurationEndPointPort}`
      : `rediss://${this.redis.attrPrimaryEndPointAddress}:${this.redis.attrPrimaryEndPointPort}`;
    // Member cluster ids: `<group>-<shard 4 digits>-<node 3 digits>` in cluster mode, `<group>-<node 3 digits>` otherwise.
    this.redisNodeIds = Array.from({ length: topology.shards }, (_, shard) =>
      Array.from({ length: 1 + topology.replicasPerShard }, (_, node) =>
        cluster
          ? Fn.join('-', [this.redis.ref, String(shard + 1).padStart(4, '0'), String(node + 1).padStart(3, '0')])
          : Fn.join('-', [this.redis.ref, String(node + 1).padStart(3, '0')]),
      ),
    ).flat();

    // DAX: only when some contract table asks for it. The cluster's role reaches those tables only.
    const daxTables = (Object.entries(TABLES) as Array<[string, TableContract]>).filter(([, t]) => t.dax);
    this.daxTableKeys = daxTables.map(([key]) => key);
    if (daxTables.length > 0) {
      const role = new iam.Role(this, 'DaxRole', {
        assumedBy: new iam.ServicePrincipal('dax.amazonaws.com'),
        description: 'DAX reads and writes through to the DAX-enabled tables only',
      });
      const arns = daxTables.flatMap(([key, contract]) => {
        const table = props.tables[key];
        if (!table) throw new Error(`DAX table ${key} is not in the data stack`);
        return [table.tableArn, ...(contract.gsis ?? []).map((gsi) => `${table.tableArn}/index/${gsi.name}`)];
      });
      role.addToPolicy(
        new iam.PolicyStatement({
          actions: [
            'dynamodb:GetItem',
            'dynamodb:BatchGetItem',
            'dynamodb:Query',
            'dynamodb:Scan',
            'dynamodb:PutItem',
            'dynamodb:UpdateItem',
            'dynamodb:DeleteItem',
            'dynamodb:BatchWriteItem',
            'dynamodb:ConditionCheckItem',
            'dynamodb:DescribeTable',
          ],
          resources: arns,
        }),
      );
      const daxSubnets = new dax.CfnSubnetGroup(this, 'DaxSubnets', {
        description: 'Roadcall DAX (isolated subnets)',
        subnetIds: isolated.subnetIds,
      });
      this.dax = new dax.CfnCluster(this, 'Dax', {
        description: `Roadcall ${config.name} DAX`,
        iamRoleArn: role.roleArn,
        nodeType: config.dax.nodeType,
        replicationFactor: config.dax.replicationFactor,
        sseSpecification: { sseEnabled: true },
        clusterEndpointEncryptionType: 'TLS',
        subnetGroupName: daxSubnets.ref,
        securityGroupIds: [network.daxSg.securityGroupId],
        preferredMaintenanceWindow: 'sun:06:00-sun:07:00',
      });
      this.dax.addResourceDependency(daxSubnets);
      this.dax.node.addDependency(role);
    }
  }
}
