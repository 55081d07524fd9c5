import { Stack, Validations } from 'aws-cdk-lib';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';
import type { RoadcallStacks } from '../app';

/**
 * Every cdk-nag AwsSolutions finding Roadcall accepts, each on the narrowest construct and with
 * the reason it is accepted. Anything not listed here fails `pnpm synth`.
 */
export function acknowledgeFindings(stacks: RoadcallStacks): void {
  const { config, network, data, cache, api, edge } = stacks;
  const prod = config.name === 'prod';

  // Functions: the managed execution policies, X-Ray's resource-less actions, the runtime.
  for (const wrapped of Object.values(api.functions)) {
    ack(
      wrapped.fn,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      "The basic execution policy only writes the function's own CloudWatch logs.",
    );
    if (wrapped.fn.isBoundToVpc) {
      ack(
        wrapped.fn,
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
        'Functions that reach Redis, Aurora or DAX need the ENI permissions of the VPC access policy.',
      );
    }
    ack(
      wrapped.fn,
      'AwsSolutions-IAM5[Resource::*]',
      'Only xray:PutTraceSegments/PutTelemetryRecords use Resource *: X-Ray has no resource-level permissions. Data grants are per resource (asserted by the tests).',
    );
    ack(
      wrapped.fn,
      'AwsSolutions-L1',
      'Node.js 22 is the runtime the project pins and tests on (DEPENDENCIES.md); newer runtimes are adopted deliberately.',
    );
  }

  // Object grants on contract buckets: objects are addressed by key, so `<bucket>/*` is the narrowest resource.
  for (const [key, policies] of Object.entries(data.bucketPolicies)) {
    const bucket = data.buckets[key];
    if (!bucket) continue;
    const logicalId = Stack.of(bucket).getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
    for (const policy of [policies.read, policies.write]) {
      ack(
        policy,
        `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/*]`,
        `Objects of the ${key} bucket are created per job under generated keys; the grant is limited to that one bucket.`,
      );
    }
  }

  // CDK-provided helper functions (log retention for Aurora's log group, triggers).
  for (const stack of [data, api]) {
    for (const child of stack.node.findAll()) {
      const name = child.node.id;
      if (name.startsWith('LogRetention') && child.node.path.split('/').length === 2) {
        ack(
          child,
          'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          "CDK's log-retention helper only writes its own logs.",
        );
        ack(
          child,
          'AwsSolutions-IAM5[Resource::*]',
          "CDK's log-retention helper sets retention on log groups whose names are only known at deploy time.",
        );
      }
    }
  }

  // CDK's BucketDeployment provider (a singleton per stack) copies the dashboard into the static
  // bucket and invalidates its paths. Its policy is CDK's, scoped to the asset and static buckets.
  for (const child of edge.node.findAll()) {
    if (!child.node.id.startsWith('Custom::CDKBucketDeployment') || child.node.path.split('/').length !== 2) continue;
    const staticBucketId = edge.getLogicalId(edge.staticBucket.node.defaultChild as s3.CfnBucket);
    ack(
      child,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      "CDK's bucket-deployment provider only writes its own logs with the basic execution policy.",
    );
    for (const finding of [
      'Action::s3:GetBucket*',
      'Action::s3:GetObject*',
      'Action::s3:List*',
      'Action::s3:Abort*',
      'Action::s3:DeleteObject*',
      'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
      `Resource::<${staticBucketId}.Arn>/*`,
    ]) {
      ack(
        child,
        `AwsSolutions-IAM5[${finding}]`,
        "CDK's bucket-deployment provider reads the synthesized asset from the bootstrap bucket and syncs it (prune included) into the static bucket: CDK's own grant, limited to those two buckets.",
      );
    }
    ack(
      child,
      'AwsSolutions-IAM5[Resource::*]',
      'CloudFront invalidations (CreateInvalidation/GetInvalidation) of the dashboard paths after a deploy: CDK grants them on *, the action takes a distribution id in its request.',
    );
    ack(child, 'AwsSolutions-L1', "The runtime of CDK's bucket-deployment provider is chosen by the CDK release the project pins.");
  }

  // Secrets without rotation: rotating them would break live sessions for no security gain.
  ack(
    cache.redisAuthSecret,
    'AwsSolutions-SMG4',
    'The Redis AUTH token is rotated by an ElastiCache AUTH update (ROTATE then SET), not by a Secrets Manager Lambda; see docs/deploy.md.',
  );
  ack(
    api.originGuard.secret,
    'AwsSolutions-SMG4',
    'The origin secret is resolved into two resources at deploy time (the CloudFront origin header and the API web ACL); CloudFormation re-reads it only when those resources change, so a rotation Lambda would leave both on the old value. It is not a user credential: it proves a request came through CloudFront. Replacing it is a deploy, see docs/deploy.md.',
  );
  ack(
    data.cursorSecret,
    'AwsSolutions-SMG4',
    'The cursor signing key only signs pagination cursors; automatic rotation would invalidate every open cursor. Rotate by hand (put-secret-value; containers read it once, so new containers sign with the new key), see docs/deploy.md.',
  );

  ack(
    data.database,
    'AwsSolutions-RDS11',
    'Functions reach Aurora only through RDS Proxy, which always listens on 5432, and take the port from the generated secret: the cluster keeps 5432 so they match. Its security group admits only the proxy and the hosted secret-rotation function, in isolated subnets.',
  );
  if (!config.database.deletionProtection) {
    ack(data.database, 'AwsSolutions-RDS10', `Stage ${config.name} is disposable: deletion protection is on in prod only.`);
  }
  if (config.redis.topology.replicasPerShard < 1) {
    ack(
      cache.redis,
      'AwsSolutions-AEC4',
      `Stage ${config.name} runs Redis without replicas to save cost; multi-AZ with failover (a replica per shard) is on from staging up.`,
    );
  }

  // Cognito: MFA is offered (TOTP), not forced, on a consumer app; threat protection (Plus plan) in prod.
  ack(data.userPool, 'AwsSolutions-COG2', 'Drivers sign in from the roadside: MFA is optional (TOTP) rather than required.');
  if (!prod) ack(data.userPool, 'AwsSolutions-COG8', 'The Plus feature plan (threat protection) is paid per user: prod only.');

  // The API: the public health route and the CloudWatch role.
  for (const method of api.publicMethods) {
    ack(method, 'AwsSolutions-APIG4', 'A public route by contract (auth: public), e.g. the health check used by uptime probes.');
    ack(method, 'AwsSolutions-COG4', 'A public route by contract (auth: public): no Cognito authorizer by design.');
  }
  ack(
    api.restApi,
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
    'The account-level role API Gateway uses to write access and execution logs; AWS manages its scope.',
  );
  ack(
    api.graphql.api,
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSAppSyncPushToCloudWatchLogs]',
    'The role AppSync uses to write its own request logs.',
  );

  // CloudFront: no geo restriction (roadside help anywhere), TLS policy with a custom domain.
  ack(edge.distribution, 'AwsSolutions-CFR1', 'Roadside assistance is not restricted by geography.');
  if (!edge.hasCustomDomain) {
    ack(
      edge.distribution,
      'AwsSolutions-CFR4',
      'Without a custom domain CloudFront serves its default *.cloudfront.net certificate, whose policy AWS fixes; pass domainName and certificateArn context to get TLSv1.2_2021.',
    );
  }

  // The provider of the custom resource that reads the web ACL's ARN from us-east-1 (a CDK singleton).
  for (const child of edge.node.children) {
    if (!child.node.id.startsWith('AWS679f53fac002430cb0da5b7982bd2287')) continue;
    ack(
      child,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      "CDK's AwsCustomResource provider only writes its own logs with the basic execution policy; its one data grant is ssm:GetParameter on the web ACL parameter.",
    );
    ack(
      child,
      'AwsSolutions-L1',
      "CDK's AwsCustomResource provider runtime is chosen by aws-cdk-lib, not by this app; it runs once per deploy to read one SSM parameter.",
    );
  }
  void network;
}

function ack(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions::${id}`, reason });
}
