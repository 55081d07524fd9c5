import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { METRICS } from '../config/constants';
import type { StageConfig } from '../config/stages';
import type { ApiStack } from './api-stack';
import type { CacheStack } from './cache-stack';
import type { DataStack } from './data-stack';

export interface MonitoringStackProps extends StackProps {
  readonly config: StageConfig;
  readonly data: DataStack;
  readonly cache: CacheStack;
  readonly api: ApiStack;
}

/**
 * The dashboard and the alarms of the source systems: cache hit rate < 60%, Redis CPU > 75%,
 * database connections near max, cold-start ratio > 20% (warm functions), API p95/p99 above
 * target, any DLQ not empty, 5xx rate. Alarms notify an encrypted SNS topic.
 */
export class MonitoringStack extends Stack {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    const { config, data, cache, api } = props;
    const period = config.evaluationPeriod;

    const key = new kms.Key(this, 'AlarmTopicKey', {
      description: 'Roadcall alarm topic encryption',
      enableKeyRotation: true,
      removalPolicy: config.removalPolicy,
    });
    // CloudWatch alarms publish to the encrypted topic: they need the key.
    key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new sns.Topic(this, 'Alarms', { masterKey: key, enforceSSL: true });
    if (config.alarms.email) this.topic.addSubscription(new subscriptions.EmailSubscription(config.alarms.email));
    const notify = new actions.SnsAction(this.topic);

    type AlarmOptions = Omit<cloudwatch.AlarmProps, 'evaluationPeriods'> & { evaluationPeriods?: number };
    const alarm = (id: string, options: AlarmOptions): cloudwatch.Alarm => {
      const created = new cloudwatch.Alarm(this, id, {
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        ...options,
      });
      created.addAlarmAction(notify);
      created.addOkAction(notify);
      this.alarms.push(created);
      return created;
    };

    // Redis: hit rate (L2 of the tiered cache) and engine CPU per node. Standalone: the primary's
    // CacheHitRate. Cluster: one alarm per shard on hits / (hits + misses) summed over the shard's
    // nodes, so it stays right after a failover moves the primary to node -002 (and an alarm's
    // math may hold at most 10 metrics, which one expression over every node would exceed).
    const primary = cache.redisNodeIds[0];
    if (!primary) throw new Error('Redis has no nodes');
    /** Every hit-rate metric alarmed on (one, or one per shard), for the dashboard too. */
    const hitRates: cloudwatch.IMetric[] = [];
    const hitRateAlarm = (id: string, metric: cloudwatch.IMetric, what: string): void => {
      hitRates.push(metric);
      alarm(id, {
        metric,
        threshold: config.alarms.cacheHitRatePercentMin,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        alarmDescription: `Redis cache hit rate${what} below ${config.alarms.cacheHitRatePercentMin}%`,
      });
    };
    if (cache.redisCluster) {
      const nodeMetric = (metricName: string, node: string): cloudwatch.Metric =>
        new cloudwatch.Metric({
          namespace: 'AWS/ElastiCache',
          metricName,
          dimensionsMap: { CacheClusterId: node },
          statistic: 'Sum',
          period,
        });
      const perShard = 1 + config.redis.topology.replicasPerShard;
      for (let shard = 0; shard < config.redis.topology.shards; shard++) {
        const nodes = cache.redisNodeIds.slice(shard * perShard, (shard + 1) * perShard);
        const hits = nodes.map((_, i) => `h${shard}n${i}`).join(' + ');
        const lookups = nodes.map((_, i) => `h${shard}n${i} + m${shard}n${i}`).join(' + ');
        const hitRate = new cloudwatch.MathExpression({
          expression: `100 * (${hits}) / (${lookups})`,
          usingMetrics: Object.fromEntries(
            nodes.flatMap((node, i) => [
              [`h${shard}n${i}`, nodeMetric('CacheHits', node)],
              [`m${shard}n${i}`, nodeMetric('CacheMisses', node)],
            ]),
          ),
          period,
          label: `Redis shard ${shard + 1} hit rate %`,
        });
        hitRateAlarm(`CacheHitRateLow${shard + 1}`, hitRate, ` of shard ${shard + 1}`);
      }
    } else {
      const hitRate = new cloudwatch.Metric({
        namespace: 'AWS/ElastiCache',
        metricName: 'CacheHitRate',
        dimensionsMap: { CacheClusterId: primary },
        statistic: 'Average',
        period,
        label: 'Redis hit rate %',
      });
      hitRateAlarm('CacheHitRateLow', hitRate, '');
    }
    const redisCpu = cache.redisNodeIds.map(
      (node, i) =>
        new cloudwatch.Metric({
          namespace: 'AWS/ElastiCache',
          metricName: 'EngineCPUUtilization',
          dimensionsMap: { CacheClusterId: node },
          statistic: 'Average',
          period,
          label: `Redis node ${i + 1} engine CPU %`,
        }),
    );
    for (const [i, metric] of redisCpu.entries()) {
      alarm(`RedisCpuHigh${i + 1}`, {
        metric,
        threshold: config.alarms.redisCpuPercentMax,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        alarmDescription: `Redis node ${i + 1} engine CPU above ${config.alarms.redisCpuPercentMax}%`,
      });
    }

    // Aurora connections (the proxy multiplexes; this is what reaches the engine).
    const dbConnections = new cloudwatch.Metric({
      namespace: 'AWS/RDS',
      metricName: 'DatabaseConnections',
      dimensionsMap: { DBClusterIdentifier: data.database.clusterIdentifier },
      statistic: 'Maximum',
      period,
      label: 'Aurora connections',
    });
    alarm('DatabaseConnectionsNearMax', {
      metric: dbConnections,
      threshold: config.database.connectionsAlarmThreshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      alarmDescription: `Aurora connections at or above ${config.database.connectionsAlarmThreshold} (near max_connections)`,
    });

    // Cold-start ratio of each warm function, from the handlers' EMF metrics (ColdStarts / Invocations).
    const coldStartMetrics: cloudwatch.IMetric[] = [];
    for (const [i, wrapped] of Object.values(api.functions)
      .filter((f) => f.definition.warm)
      .entries()) {
      const dims = { service: wrapped.definition.service, function: wrapped.definition.id };
      const ratio = new cloudwatch.MathExpression({
        // Ids unique per function: the dashboard graphs all ratios together.
        expression: `IF(invocations${i} > 0, 100 * cold${i} / invocations${i}, 0)`,
        usingMetrics: {
          [`cold${i}`]: new cloudwatch.Metric({
            namespace: METRICS.namespace,
            metricName: METRICS.coldStart,
            dimensionsMap: dims,
            statistic: 'Sum',
            period,
          }),
          [`invocations${i}`]: new cloudwatch.Metric({
            namespace: METRICS.namespace,
            metricName: METRICS.invocations,
            dimensionsMap: dims,
            statistic: 'Sum',
            period,
          }),
        },
        period,
        label: `${wrapped.definition.id} cold-start %`,
      });
      coldStartMetrics.push(ratio);
      alarm(`ColdStartRatio${wrapped.node.id}`, {
        metric: ratio,
        threshold: config.alarms.coldStartRatioPercentMax,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        alarmDescription: `${wrapped.definition.id}: more than ${config.alarms.coldStartRatioPercentMax}% cold starts although warmed`,
      });
    }

    // API latency and errors.
    const p95 = api.restApi.metricLatency({ statistic: 'p95', period, label: 'API p95 (ms)' });
    const p99 = api.restApi.metricLatency({ statistic: 'p99', period, label: 'API p99 (ms)' });
    alarm('ApiP95High', {
      metric: p95,
      threshold: config.alarms.p95LatencyMs,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      alarmDescription: `API p95 latency above ${config.alarms.p95LatencyMs} ms`,
    });
    alarm('ApiP99High', {
      metric: p99,
      threshold: config.alarms.p99LatencyMs,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      alarmDescription: `API p99 latency above ${config.alarms.p99LatencyMs} ms`,
    });
    const fiveXxRate = new cloudwatch.MathExpression({
      expression: 'IF(requests > 0, 100 * errors / requests, 0)',
      usingMetrics: {
        errors: api.restApi.metricServerError({ statistic: 'Sum', period }),
        requests: api.restApi.metricCount({ statistic: 'Sum', period }),
      },
      period,
      label: 'API 5xx %',
    });
    alarm('Api5xxRate', {
      metric: fiveXxRate,
      threshold: config.alarms.fiveXxRatePercentMax,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      alarmDescription: `API 5xx responses above ${config.alarms.fiveXxRatePercentMax}% of requests`,
    });

    // Every DLQ must stay empty: one message there is a job that failed all its retries.
    const dlqDepths: cloudwatch.IMetric[] = [];
    for (const [name, pair] of Object.entries(data.queues)) {
      const depth = pair.dlq.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period, label: `${name} DLQ depth` });
      dlqDepths.push(depth);
      alarm(`DlqNotEmpty-${name}`, {
        metric: depth,
        threshold: 0,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        alarmDescription: `DLQ of ${name} is not empty`,
      });
    }

    // The dashboard: the same figures, plus the tiered cache's own hit/miss counts per tier.
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { defaultInterval: Duration.hours(3) });
    const appCache = (metricName: string): cloudwatch.MathExpression =>
      new cloudwatch.MathExpression({
        expression: `SEARCH('{${METRICS.namespace},namespace,service,tier} MetricName="${metricName}"', 'Sum', ${period.toSeconds()})`,
        usingMetrics: {},
        label: metricName,
        period,
      });
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'API latency p95 / p99 (ms)', left: [p95, p99], width: 12 }),
      new cloudwatch.GraphWidget({ title: 'API 5xx %', left: [fiveXxRate], width: 12 }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'Redis hit rate %', left: hitRates, width: 8 }),
      new cloudwatch.GraphWidget({ title: 'Redis engine CPU %', left: redisCpu, width: 8 }),
      new cloudwatch.GraphWidget({
        title: 'Tiered cache hits / misses (per tier)',
        left: [appCache(METRICS.cacheHit), appCache(METRICS.cacheMiss)],
        width: 8,
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'Aurora connections', left: [dbConnections], width: 8 }),
      new cloudwatch.GraphWidget({ title: 'Cold-start % (warm functions)', left: coldStartMetrics, width: 8 }),
      new cloudwatch.GraphWidget({ title: 'DLQ depth', left: dlqDepths, width: 8 }),
    );
    dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 }));
  }
}
