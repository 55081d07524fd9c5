import type { Node } from 'constructs';
import { type StageConfig, stageConfig } from './stages';

/**
 * What a deployment adds to its stage's config through `--context key=value`: who is told when
 * something breaks, where escalations go, which browser origin may call the API, a custom domain.
 * Nothing here is a secret, and nothing here has a default that could silently page no one in prod.
 */
export const CONTEXT_KEYS = {
  stage: 'stage',
  /** SNS email subscription of the alarm topic. Required in prod (the synth fails without it). */
  alarmEmail: 'alarmEmail',
  /** INCIDENT_ESCALATION_EMAIL of the incidents functions; defaults to the alarm email. */
  escalationEmail: 'escalationEmail',
  /** CORS_ALLOWED_ORIGIN of the route functions; defaults to `https://<domainName>`, else `*`. */
  corsAllowedOrigin: 'corsAllowedOrigin',
  domainName: 'domainName',
  certificateArn: 'certificateArn',
} as const;

/** A deliberately loose check: SES and SNS validate for real; this catches typos and swapped values. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** One stage as a deployment sees it: the typed stage config plus the context-given settings. */
export interface StageContext {
  /** The stage config, `alarms.email` set from the `alarmEmail` context. */
  readonly config: StageConfig;
  /** Where the incidents service emails escalations (INCIDENT_ESCALATION_EMAIL). */
  readonly escalationEmail: string;
  /** Access-Control-Allow-Origin of every API response (CORS_ALLOWED_ORIGIN). */
  readonly corsAllowedOrigin: string;
  readonly domain?: { readonly name: string; readonly certificateArn: string };
}

/**
 * Reads the stage and its settings from the CDK context; throws on an invalid address and on a
 * prod stage without an alarm email (its alarms would notify no one).
 *
 * @example
 * // cdk synth --context stage=prod --context alarmEmail=oncall@example.com
 * const { config, escalationEmail } = readStageContext(app.node);
 */
export function readStageContext(node: Node, stageName?: string): StageContext {
  const text = (key: string): string | undefined => {
    const value = node.tryGetContext(key) as unknown;
    if (value === undefined || value === null || String(value).trim() === '') return undefined;
    return String(value).trim();
  };
  const base = stageConfig(stageName ?? text(CONTEXT_KEYS.stage), (key) => node.tryGetContext(key));
  const email = (key: string): string | undefined => {
    const value = text(key);
    if (value !== undefined && !EMAIL.test(value)) throw new Error(`--context ${key}=${value} is not an email address`);
    return value;
  };
  const alarmEmail = email(CONTEXT_KEYS.alarmEmail);
  if (base.name === 'prod' && !alarmEmail) {
    throw new Error(
      `Stage prod needs an alarm address: --context ${CONTEXT_KEYS.alarmEmail}=<email> (alarms would notify no one otherwise).`,
    );
  }
  const domainName = text(CONTEXT_KEYS.domainName);
  const certificateArn = text(CONTEXT_KEYS.certificateArn);
  if (base.name === 'prod' && !(domainName && certificateArn)) {
    // Only a custom domain gets the TLSv1.2_2021 viewer policy: *.cloudfront.net accepts TLS 1.0.
    throw new Error(
      `Stage prod needs its domain and certificate: --context ${CONTEXT_KEYS.domainName}=api.your-domain.tld --context ${CONTEXT_KEYS.certificateArn}=arn:aws:acm:us-east-1:<account>:certificate/<id> (viewers get TLS 1.2 or newer only on a custom domain).`,
    );
  }
  return {
    config: { ...base, alarms: { ...base.alarms, email: alarmEmail } },
    // Without either, the stage's own verified SES sender: in the SES sandbox only verified
    // addresses receive mail, and an escalation must not fail on an undeliverable default.
    escalationEmail: email(CONTEXT_KEYS.escalationEmail) ?? alarmEmail ?? base.ses.fromEmail,
    corsAllowedOrigin: text(CONTEXT_KEYS.corsAllowedOrigin) ?? (domainName ? `https://${domainName}` : '*'),
    domain: domainName && certificateArn ? { name: domainName, certificateArn } : undefined,
  };
}
