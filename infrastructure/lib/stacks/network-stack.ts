import { Fn, Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { DAX_TLS_PORT, REDIS_PORT } from '../config/constants';
import type { StageConfig } from '../config/stages';

export interface NetworkStackProps extends StackProps {
  readonly config: StageConfig;
}

/**
 * The VPC, the functions' security group and the cache tier's groups (their rules use fixed ports).
 * The database's groups live in the data stack: RDS adds rules with the cluster's port token, which
 * would point back from here to there (a cross-stack cycle).
 *
 * Subnets: public (NAT only), private with egress (Lambda, RDS Proxy), isolated (Redis, DAX,
 * Aurora: no route to the internet). DynamoDB and S3 are reached through free gateway endpoints.
 */
export class NetworkStack extends Stack {
  readonly vpc: ec2.Vpc;
  /** Attached to every function that uses Redis, the database or DAX. */
  readonly lambdaSg: ec2.SecurityGroup;
  readonly redisSg: ec2.SecurityGroup;
  readonly daxSg: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    const { config } = props;

    const flowLogGroup = new logs.LogGroup(this, 'FlowLogs', {
      retention: config.logs.retentionDays as logs.RetentionDays,
      removalPolicy: config.removalPolicy,
    });
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      // Env-agnostic synth knows no AZ names: pick the first N of the region at deploy time
      // (maxAzs alone would cap an env-agnostic stack at 2).
      availabilityZones: Array.from({ length: config.network.maxAzs }, (_, i) => Fn.select(i, Fn.getAzs())),
      natGateways: config.network.natGateways,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
        { name: 'app', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
        { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      gatewayEndpoints: {
        DynamoDb: { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB },
        S3: { service: ec2.GatewayVpcEndpointAwsService.S3 },
      },
      flowLogs: {
        all: { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup), trafficType: ec2.FlowLogTrafficType.ALL },
      },
    });

    const group = (name: string, description: string, allowAllOutbound: boolean): ec2.SecurityGroup =>
      new ec2.SecurityGroup(this, name, { vpc: this.vpc, description, allowAllOutbound });

    // Functions reach AWS APIs over HTTPS (through NAT or endpoints) and the data tier below.
    this.lambdaSg = group('LambdaSg', 'Roadcall functions', true);
    this.redisSg = group('RedisSg', 'ElastiCache Redis: TLS from functions only', false);
    this.daxSg = group('DaxSg', 'DAX: TLS from functions only', false);

    this.redisSg.addIngressRule(this.lambdaSg, ec2.Port.tcp(REDIS_PORT), 'Redis from functions');
    this.daxSg.addIngressRule(this.lambdaSg, ec2.Port.tcp(DAX_TLS_PORT), 'DAX (TLS) from functions');
  }
}
