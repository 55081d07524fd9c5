import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { StageConfig } from '../config/stages';

/**
 * The header CloudFront adds to every request it sends to the API (an origin custom header; a
 * viewer's own header of that name is overwritten by CloudFront, so a client cannot supply it).
 */
export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';

/** Length of the generated shared secret: far beyond guessing, within WAF's 200-byte match string. */
export const ORIGIN_VERIFY_SECRET_LENGTH = 48;

export interface OriginGuardProps {
  readonly config: StageConfig;
  /** The API whose deployment stage only CloudFront may call. */
  readonly restApi: apigw.RestApi;
}

/**
 * Makes the REST API's stage answer only requests that came through CloudFront: a generated
 * secret that CloudFront sends as the {@link ORIGIN_VERIFY_HEADER} origin header, and a regional
 * web ACL on the stage that allows a request only when the header holds that secret (default
 * action: block, answered by the `WAF_FILTERED` gateway response, 403). Both the distribution and
 * the ACL read the secret through a CloudFormation dynamic reference, so it is never in the
 * template; changing it takes a deploy of the Api and Edge stacks (docs/deploy.md).
 *
 * Why this and not a resource policy or a private API: API Gateway resource policies cannot test
 * a header, CloudFront cannot reach a private API, and API keys are meant for usage plans rather
 * than access control. The regional ACL costs one web ACL and one rule per stage.
 *
 * @example
 * const guard = new OriginGuard(this, 'OriginGuard', { config, restApi });
 * new origins.RestApiOrigin(restApi, { customHeaders: guard.originHeaders() });
 */
export class OriginGuard extends Construct {
  readonly secret: secretsmanager.Secret;
  readonly webAcl: wafv2.CfnWebACL;
  readonly association: wafv2.CfnWebACLAssociation;

  constructor(scope: Construct, id: string, props: OriginGuardProps) {
    super(scope, id);
    const { config, restApi } = props;
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description: `Roadcall ${config.name}: the ${ORIGIN_VERIFY_HEADER} value CloudFront sends to the API`,
      generateSecretString: { passwordLength: ORIGIN_VERIFY_SECRET_LENGTH, excludePunctuation: true },
      removalPolicy: config.removalPolicy,
    });
    const metric = (name: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName: `roadcall-${config.name}-${name}`,
      sampledRequestsEnabled: true,
    });
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: `roadcall-${config.name}-api-origin`,
      description: `Roadcall ${config.name} API stage: only requests that came through CloudFront`,
      scope: 'REGIONAL',
      defaultAction: { block: {} },
      rules: [
        {
          name: 'AllowFromCloudFront',
          priority: 0,
          action: { allow: {} },
          statement: {
            byteMatchStatement: {
              fieldToMatch: { singleHeader: { Name: ORIGIN_VERIFY_HEADER } },
              positionalConstraint: 'EXACTLY',
              searchString: this.secret.secretValue.unsafeUnwrap(),
              textTransformations: [{ priority: 0, type: 'NONE' }],
            },
          },
          visibilityConfig: metric('api-origin-allowed'),
        },
      ],
      visibilityConfig: metric('api-origin'),
    });
    this.association = new wafv2.CfnWebACLAssociation(this, 'Association', {
      resourceArn: restApi.deploymentStage.stageArn,
      webAclArn: this.webAcl.attrArn,
    });
  }

  /** The origin custom headers CloudFront must send (a dynamic reference, resolved at deploy). */
  originHeaders(): Record<string, string> {
    return { [ORIGIN_VERIFY_HEADER]: this.secret.secretValue.unsafeUnwrap() };
  }
}
