import { BUCKETS, QUEUES, TABLES, type TableContract } from '@roadcall/contracts';
import { Annotations, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { DATABASE_NAME, DATABASE_PORT, PROXY_PORT } from '../config/constants';
import type { StageConfig } from '../config/stages';
import { SecureBucket } from '../constructs/secure-bucket';
import type { NetworkStack } from './network-stack';

export interface DataStackProps extends StackProps {
  readonly config: StageConfig;
  readonly network: NetworkStack;
}

/** A contract queue with its dead-letter queue. */
export interface QueuePair {
  readonly queue: sqs.Queue;
  readonly dlq: sqs.Queue;
}

/**
 * Everything that holds state and outlives deployments of code: DynamoDB tables, SQS queues and
 * DLQs, S3 buckets, Aurora PostgreSQL behind RDS Proxy, the SES identity, the Cognito user pool
 * and the cursor signing secret. All built from @roadcall/contracts.
 */
export class DataStack extends Stack {
  readonly tables: Readonly<Record<string, dynamodb.Table>> = {};
  readonly queues: Readonly<Record<string, QueuePair>> = {};
  readonly buckets: Readonly<Record<string, s3.Bucket>> = {};
  /**
   * Object-level access to each contract bucket as customer managed policies, attached by the api
   * stack to the functions whose contract uses the bucket. They live here, next to the bucket, so
   * their resources are same-stack references (stable names for the cdk-nag acknowledgement of the
   * unavoidable `<bucket>/*` object resource).
   */
  readonly bucketPolicies: Readonly<Record<string, { readonly read: iam.ManagedPolicy; readonly write: iam.ManagedPolicy }>> = {};
  /** Server access logs and CloudFront logs. */
  readonly logsBucket: s3.Bucket;
  readonly database: rds.DatabaseCluster;
  readonly proxy: rds.DatabaseProxy;
  readonly databaseSecret: secretsmanager.ISecret;
  readonly proxySg: ec2.SecurityGroup;
  readonly databaseSg: ec2.SecurityGroup;
  readonly cursorSecret: secretsmanager.Secret;
  readonly emailIdentity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  readonly userPool: cognito.UserPool;
  readonly userPoolClient: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config, network } = props;
    const prod = config.name === 'prod';

    // DynamoDB: on-demand, point-in-time recovery, KMS encryption, TTL and GSIs from the contract.
    const tables: Record<string, dynamodb.Table> = {};
    for (const [key, contract] of Object.entries(TABLES) as Array<[string, TableContract]>) {
      const table = new dynamodb.Table(this, `Table-${contract.name}`, {
        partitionKey: { name: contract.partitionKey.name, type: attributeType(contract.partitionKey.type) },
        sortKey: contract.sortKey ? { name: contract.sortKey.name, type: attributeType(contract.sortKey.type) } : undefined,
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        encryption: dynamodb.TableEncryption.AWS_MANAGED,
        timeToLiveAttribute: contract.ttlAttribute,
        deletionProtection: prod,
        removalPolicy: config.removalPolicy,
      });
      for (const gsi of contract.gsis ?? []) {
        table.addGlobalSecondaryIndex({
          indexName: gsi.name,
          partitionKey: { name: gsi.partitionKey.name, type: attributeType(gsi.partitionKey.type) },
          sortKey: gsi.sortKey ? { name: gsi.sortKey.name, type: attributeType(gsi.sortKey.type) } : undefined,
          projectionType: dynamodb.ProjectionType.ALL,
        });
      }
      tables[key] = table;
    }
    this.tables = tables;

    // SQS: each queue with its DLQ; SSE-SQS at rest, a policy that denies non-TLS access.
    const queues: Record<string, QueuePair> = {};
    for (const [key, contract] of Object.entries(QUEUES)) {
      const dlq = new sqs.Queue(this, `Dlq-${contract.name}`, {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
        removalPolicy: config.removalPolicy,
      });
      const queue = new sqs.Queue(this, `Queue-${contract.name}`, {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        visibilityTimeout: Duration.seconds(contract.visibilityTimeoutSeconds),
        retentionPeriod: Duration.days(contract.retentionDays),
        deadLetterQueue: { queue: dlq, maxReceiveCount: contract.maxReceiveCount },
        removalPolicy: config.removalPolicy,
      });
      queues[key] = { queue, dlq };
    }
    this.queues = queues;

    // S3: a logs bucket, then the contract buckets logging into it.
    this.logsBucket = new SecureBucket(this, 'Logs', {
      config,
      expireAfterDays: config.logs.bucketExpireDays,
      allowLogDeliveryAcls: true,
    }).bucket;
    const buckets: Record<string, s3.Bucket> = {};
    for (const [key, contract] of Object.entries(BUCKETS)) {
      buckets[key] = new SecureBucket(this, `Bucket-${contract.name}`, {
        config,
        accessLogs: this.logsBucket,
        expireAfterDays: 'expireAfterDays' in contract ? contract.expireAfterDays : undefined,
      }).bucket;
    }
    this.buckets = buckets;
    const bucketPolicies: Record<string, { read: iam.ManagedPolicy; write: iam.ManagedPolicy }> = {};
    for (const [key, bucket] of Object.entries(buckets)) {
      const policy = (access: 'Read' | 'Write', actions: string[]): iam.ManagedPolicy =>
        new iam.ManagedPolicy(this, `Bucket-${key}-${access}`, {
          description: `${access} objects of the ${key} bucket`,
          statements: [new iam.PolicyStatement({ actions, resources: [bucket.arnForObjects('*')] })],
        });
      bucketPolicies[key] = {
        read: policy('Read', ['s3:GetObject']),
        write: policy('Write', ['s3:PutObject', 's3:AbortMultipartUpload']),
      };
    }
    this.bucketPolicies = bucketPolicies;

    // Database security groups: functions -> proxy -> Aurora; the rotation function -> Aurora.
    const group = (name: string, description: string, allowAllOutbound: boolean): ec2.SecurityGroup =>
      new ec2.SecurityGroup(this, name, { vpc: network.vpc, description, allowAllOutbound });
    this.proxySg = group('ProxySg', 'RDS Proxy: from functions only', false);
    this.databaseSg = group('DatabaseSg', 'Aurora: from RDS Proxy and the rotation function only', false);
    const rotationSg = group('RotationSg', 'Database secret rotation (Secrets Manager hosted)', true);
    this.proxySg.addIngressRule(network.lambdaSg, ec2.Port.tcp(PROXY_PORT), 'PostgreSQL from functions');
    this.databaseSg.addIngressRule(rotationSg, ec2.Port.tcp(DATABASE_PORT), 'PostgreSQL from the secret rotation function');
    // The proxy reads its credentials from Secrets Manager over HTTPS.
    this.proxySg.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'Secrets Manager (HTTPS)');

    // Aurora PostgreSQL Serverless v2 in isolated subnets; handlers connect through RDS Proxy (TLS).
    this.database = new rds.DatabaseCluster(this, 'Database', {
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_13 }),
      credentials: rds.Credentials.fromGeneratedSecret('roadcall_admin'),
      defaultDatabaseName: DATABASE_NAME,
      port: DATABASE_PORT,
      vpc: network.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [this.databaseSg],
      serverlessV2MinCapacity: config.database.minAcu,
      serverlessV2MaxCapacity: config.database.maxAcu,
      writer: rds.ClusterInstance.serverlessV2('writer'),
      readers: Array.from({ length: config.database.readers }, (_, i) =>
        rds.ClusterInstance.serverlessV2(`reader${i + 1}`, { scaleWithWriter: true }),
      ),
      storageEncrypted: true,
      iamAuthentication: true,
      deletionProtection: config.database.deletionProtection,
      backup: { retention: Duration.days(config.database.backupRetentionDays), preferredWindow: '03:00-04:00' },
      preferredMaintenanceWindow: 'sun:04:30-sun:05:30',
      cloudwatchLogsExports: ['postgresql'],
      cloudwatchLogsRetention: config.logs.retentionDays,
      parameters: { 'rds.force_ssl': '1' },
      removalPolicy: config.removalPolicy === 'retain' ? config.removalPolicy : undefined,
    });
    const secret = this.database.secret;
    if (!secret) throw new Error('Aurora cluster has no generated secret');
    this.databaseSecret = secret;
    // Hosted rotation (Secrets Manager's own function): its security group and rule live in the
    // network stack, so no rule here points back at the network stack (no cross-stack cycle).
    secret.addRotationSchedule('Rotation', {
      automaticallyAfter: Duration.days(30),
      hostedRotation: secretsmanager.HostedRotation.postgreSqlSingleUser({
        vpc: network.vpc,
        vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        securityGroups: [rotationSg],
      }),
    });
    this.proxy = new rds.DatabaseProxy(this, 'Proxy', {
      // CDK names a proxy after its construct id ("Proxy") unless told: one name per stage, so a
      // second stage in the same account and region can be created.
      dbProxyName: `roadcall-${config.name}-proxy`,
      proxyTarget: rds.ProxyTarget.fromCluster(this.database),
      secrets: [secret],
      vpc: network.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [this.proxySg],
      requireTLS: true,
      idleClientTimeout: Duration.minutes(5),
      maxConnectionsPercent: 90,
    });

    // The key that signs pagination cursors (handlers read it once per container).
    this.cursorSecret = new secretsmanager.Secret(this, 'CursorSecret', {
      description: 'HMAC key that signs Roadcall pagination cursors',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: config.removalPolicy,
    });

    // SES: a configuration set that requires TLS, and the sender identity using it.
    this.configurationSet = new ses.ConfigurationSet(this, 'EmailConfigSet', {
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    // The sender comes from the sesDomain / sesFromEmail context (stages.ts refuses unverifiable ones).
    this.emailIdentity = new ses.EmailIdentity(this, 'EmailIdentity', {
      identity: config.ses.domain ? ses.Identity.domain(config.ses.domain) : ses.Identity.email(config.ses.fromEmail),
      configurationSet: this.configurationSet,
    });
    if (config.ses.placeholder) {
      Annotations.of(this.emailIdentity).addWarningV2(
        'roadcall:ses-placeholder-sender',
        `No SES sender given: ${config.ses.fromEmail} can never be verified, so every email fails (jobs still complete). ` +
          'Deploy with --context sesFromEmail=<an address you can read> or --context sesDomain=<your domain> (docs/deploy.md).',
      );
    }
    // A domain identity is verified by Easy DKIM: these three CNAME records go into its DNS zone.
    if (config.ses.domain) {
      for (const [index, record] of this.emailIdentity.dkimRecords.entries()) {
        new CfnOutput(this, `SesDkimRecord${index + 1}`, {
          value: `${record.name} CNAME ${record.value}`,
          description: `SES DKIM record ${index + 1} of ${config.ses.domain}: add it to the domain's DNS to verify the sender`,
        });
      }
    }

    // Cognito: the API's authorizer. Groups are the roles the handlers read from `cognito:groups`.
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      autoVerify: { email: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: prod ? cognito.FeaturePlan.PLUS : cognito.FeaturePlan.ESSENTIALS,
      standardThreatProtectionMode: prod ? cognito.StandardThreatProtectionMode.FULL_FUNCTION : undefined,
      customAttributes: {
        vendorId: new cognito.StringAttribute({ mutable: true, maxLen: 64 }),
        tenantId: new cognito.StringAttribute({ mutable: false, maxLen: 64 }),
      },
      deletionProtection: prod,
      removalPolicy: config.removalPolicy,
    });
    for (const role of ['driver', 'vendor', 'admin']) {
      new cognito.CfnUserPoolGroup(this, `Group-${role}`, { userPoolId: this.userPool.userPoolId, groupName: role });
    }
    this.userPoolClient = this.userPool.addClient('WebClient', {
      authFlows: { userSrp: true },
      // Users may write their own profile, never the attributes that confer rights: `custom:vendorId`
      // (acting for a vendor) and `custom:tenantId` are set by administrators only.
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true, phoneNumber: true })
        .withCustomAttributes('vendorId', 'tenantId'),
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true, fullname: true, phoneNumber: true }),
      generateSecret: false,
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });
  }
}

function attributeType(type: 'S' | 'N' | 'B'): dynamodb.AttributeType {
  return type === 'S' ? dynamodb.AttributeType.STRING : type === 'N' ? dynamodb.AttributeType.NUMBER : dynamodb.AttributeType.BINARY;
}
