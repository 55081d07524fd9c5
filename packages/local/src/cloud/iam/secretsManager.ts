import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listen } from '../../api/listen';
import { DEFAULT_HOST, SECRET_ARN_SUFFIX_LENGTH, SECRETS_MANAGER_TARGET_PREFIX } from './constants';
import { GateConfigError } from './errors';
import { BodyTooLargeError, readBody } from './readBody';

/** A secret the emulator serves (its value is the SecretString). */
export interface LocalSecret {
  arn: string;
  name: string;
  value: string;
}

export interface SecretsManagerOptions {
  secrets: LocalSecret[];
  host?: string;
  port?: number;
}

export interface SecretsManagerEmulator {
  url: string;
  port: number;
  close(): Promise<void>;
}

interface StoredSecret extends LocalSecret {
  versionId: string;
  createdDate: number;
}

const CURRENT_STAGE = 'AWSCURRENT';

class SecretsManagerFault extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

function reply(res: ServerResponse, status: number, payload: unknown): void {
  const body = JSON.stringify(payload);
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': randomUUID(),
  });
  res.end(body);
}

/**
 * Starts a Secrets Manager stand-in speaking the service's JSON 1.1 protocol for the calls the
 * functions make: GetSecretValue and DescribeSecret (by name, full ARN or partial ARN), plus
 * ListSecrets. One version per secret, staged AWSCURRENT. The real
 * `@aws-sdk/client-secrets-manager` talks to it unchanged (`AWS_ENDPOINT_URL_SECRETS_MANAGER`).
 *
 * @example
 * const sm = await startSecretsManager({ secrets: [{ arn, name: 'CursorSecret', value: 'k' }] });
 * new SecretsManagerClient({ endpoint: sm.url }).send(new GetSecretValueCommand({ SecretId: arn }));
 */
export async function startSecretsManager(options: SecretsManagerOptions): Promise<SecretsManagerEmulator> {
  const createdDate = Math.floor(Date.now() / 1000);
  const secrets: StoredSecret[] = [];
  for (const secret of options.secrets) {
    if (!secret.arn.startsWith('arn:') || !secret.name)
      throw new GateConfigError(`A secret needs an ARN and a name (got ${JSON.stringify(secret.arn)})`);
    if (secrets.some((known) => known.arn === secret.arn || known.name === secret.name))
      throw new GateConfigError(`Secret ${secret.name} is given twice`);
    secrets.push({ ...secret, versionId: randomUUID(), createdDate });
  }

  const find = (secretId: unknown): StoredSecret => {
    if (typeof secretId !== 'string' || secretId === '') {
      throw new SecretsManagerFault(
        'ValidationException',
        "1 validation error detected: Value null at 'secretId' failed to satisfy constraint: Member must not be null",
      );
    }
    const found =
      secrets.find((secret) => secret.arn === secretId || secret.name === secretId) ??
      secrets.find((secret) => secret.arn.slice(0, -SECRET_ARN_SUFFIX_LENGTH) === secretId);
    if (!found) throw new SecretsManagerFault('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    return found;
  };

  const describe = (secret: StoredSecret) => ({
    ARN: secret.arn,
    Name: secret.name,
    CreatedDate: secret.createdDate,
    LastChangedDate: secret.createdDate,
    VersionIdsToStages: { [secret.versionId]: [CURRENT_STAGE] },
    Tags: [],
  });

  const operations: Record<string, (input: Record<string, unknown>) => unknown> = {
    GetSecretValue(input) {
      const secret = find(input.SecretId);
      if (input.VersionId !== undefined && input.VersionId !== secret.versionId) {
        throw new SecretsManagerFault(
          'ResourceNotFoundException',
          `Secrets Manager can't find the specified secret value for VersionId: ${String(input.VersionId)}`,
        );
      }
      if (input.VersionStage !== undefined && input.VersionStage !== CURRENT_STAGE) {
        throw new SecretsManagerFault(
          'ResourceNotFoundException',
          `Secrets Manager can't find the specified secret value for staging label: ${String(input.VersionStage)}`,
        );
      }
      return {
        ARN: secret.arn,
        Name: secret.name,
        VersionId: secret.versionId,
        SecretString: secret.value,
        VersionStages: [CURRENT_STAGE],
        CreatedDate: secret.createdDate,
      };
    },
    DescribeSecret: (input) => describe(find(input.SecretId)),
    ListSecrets: () => ({ SecretList: secrets.map(describe) }),
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.startsWith(SECRETS_MANAGER_TARGET_PREFIX)
      ? operations[target.slice(SECRETS_MANAGER_TARGET_PREFIX.length)]
      : undefined;
    if (req.method !== 'POST' || !operation) {
      req.resume();
      return reply(res, 400, { __type: 'UnknownOperationException', Message: `Unknown operation ${target || '(no X-Amz-Target)'}` });
    }
    let input: Record<string, unknown>;
    try {
      const text = (await readBody(req)).toString('utf8');
      const parsed: unknown = text.trim() === '' ? {} : JSON.parse(text);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new SyntaxError('not an object');
      input = parsed as Record<string, unknown>;
    } catch (error) {
      const status = error instanceof BodyTooLargeError ? 413 : 400;
      return reply(res, status, { __type: 'SerializationException', Message: 'The request body is not a JSON object' });
    }
    try {
      reply(res, 200, operation(input));
    } catch (error) {
      if (error instanceof SecretsManagerFault) return reply(res, 400, { __type: error.code, Message: error.message });
      throw error;
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        reply(res, 500, { __type: 'InternalServiceError', Message: error instanceof Error ? error.message : String(error) });
    });
  });
  return listen(server, options.port, options.host ?? DEFAULT_HOST);
}
