import { Stack, type StackProps } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stages';

/** CloudFront only accepts web ACLs of scope CLOUDFRONT, and those exist only in us-east-1. */
export const CLOUDFRONT_WAF_REGION = 'us-east-1';

/**
 * Requests one client IP may send through CloudFront in any 5-minute window before WAF blocks it
 * (about 10 per second sustained): far above what one driver's or vendor's app sends, low enough
 * to cut a single-source flood before it reaches API Gateway's stage throttling.
 */
export const WAF_RATE_LIMIT_PER_IP_5_MIN = 3000;

/** AWS managed rule groups on the distribution, in evaluation order. */
export const WAF_MANAGED_RULE_GROUPS = [
  // OWASP-style common exploits. Its body-size rule (8 KB) is counted, not blocked: API Gateway
  // and the handlers' zod schemas bound bodies themselves, and bulk jobs carry larger bodies.
  { name: 'AWSManagedRulesCommonRuleSet', countOnly: ['SizeRestrictions_BODY'] },
  { name: 'AWSManagedRulesKnownBadInputsRuleSet', countOnly: [] },
  { name: 'AWSManagedRulesAmazonIpReputationList', countOnly: [] },
] as const;

/** Where the web ACL's ARN is published for the edge stack (SSM in us-east-1, one name per stage). */
export function webAclArnParameterName(stage: string): string {
  return `/roadcall/${stage}/edge/web-acl-arn`;
}

export interface WafStackProps extends StackProps {
  readonly config: StageConfig;
}

/**
 * The CloudFront web ACL: AWS managed rule groups plus a per-IP rate-based rule. It lives in a
 * stack pinned to us-east-1 (CLOUDFRONT scope requires it) while the other stacks stay
 * region-agnostic; it publishes its ARN as an SSM parameter there, which the edge stack reads
 * across regions (EdgeStack, `webAcl`).
 */
export class WafStack extends Stack {
  readonly webAcl: wafv2.CfnWebACL;
  readonly arnParameter: ssm.StringParameter;

  constructor(scope: Construct, id: string, props: WafStackProps) {
    super(scope, id, { ...props, env: { account: props.env?.account, region: CLOUDFRONT_WAF_REGION } });
    const { config } = props;
    const metric = (name: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName: `roadcall-${config.name}-${name}`,
      sampledRequestsEnabled: true,
    });

    const managed: wafv2.CfnWebACL.RuleProperty[] = WAF_MANAGED_RULE_GROUPS.map((group, i) => ({
      name: group.name,
      priority: i,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name: group.name,
          ruleActionOverrides:
            group.countOnly.length > 0 ? group.countOnly.map((rule) => ({ name: rule, actionToUse: { count: {} } })) : undefined,
        },
      },
      visibilityConfig: metric(group.name),
    }));
    const rateLimit: wafv2.CfnWebACL.RuleProperty = {
      name: 'RateLimitPerIp',
      priority: managed.length,
      action: { block: {} },
      statement: { rateBasedStatement: { limit: WAF_RATE_LIMIT_PER_IP_5_MIN, aggregateKeyType: 'IP', evaluationWindowSec: 300 } },
      visibilityConfig: metric('rate-limit-per-ip'),
    };

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: `roadcall-${config.name}-edge`,
      description: `Roadcall ${config.name} CloudFront: AWS managed rules and a per-IP rate limit`,
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      rules: [...managed, rateLimit],
      visibilityConfig: metric('edge'),
    });

    this.arnParameter = new ssm.StringParameter(this, 'WebAclArn', {
      parameterName: webAclArnParameterName(config.name),
      description: `ARN of the Roadcall ${config.name} CloudFront web ACL (read by the edge stack)`,
      stringValue: this.webAcl.attrArn,
    });
  }
}
