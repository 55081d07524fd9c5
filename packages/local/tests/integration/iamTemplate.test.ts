import { randomBytes, randomUUID } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocument, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ENV } from '@roadcall/contracts';
import { secretsManagerSource } from '@roadcall/utils/secrets';
import { removeSynthOutputs, synthStage } from '../../../../infrastructure/test/support/synth';
import { DynamoVendorRepository } from '../../../../services/vendors-svc/src/repository/dynamoVendorRepository';
import {
  type GateDecision,
  type GatePrincipal,
  type IamGate,
  type PolicyStatement,
  type SecretsManagerEmulator,
  startIamGate,
  startSecretsManager,
} from '../../src/cloud/iam';
import { type Assembly, physicalName, type TemplateFunction, type TemplateJson, templateFunction } from './iamTemplateSupport';

/**
 * The done-when test of the gate (issue #14): a real function's role policy, taken from the
 * synthesized CDK assembly (bundling skipped), in front of the real dynalite and the Secrets
 * Manager stand-in, driven by the vendors service's own repository and the runtime library's own
 * secret reader. With the full policy both calls succeed; with one statement removed from a copy,
 * exactly the call that statement granted fails with AccessDeniedException, as it would in AWS.
 */
const REGION = 'us-east-1';
const ACCOUNT = '000000000000';

let assembly: Assembly;
let vendorsGet: TemplateFunction;
let secrets: SecretsManagerEmulator;
let tableName: string;
const admin = new DynamoDBClient({});
const gates: IamGate[] = [];
const vendor = {
  vendorId: `vendor-${randomUUID()}`,
  name: 'Gate Towing',
  services: ['tow'],
  location: { lat: 40.7, lng: -74 },
  rating: 4.5,
  available: true,
};

beforeAll(async () => {
  const { app, stacks } = synthStage('dev');
  const cloudAssembly = app.synth();
  const templates: Record<string, TemplateJson> = {};
  for (const stack of Object.values(stacks)) {
    if (stack && typeof stack === 'object' && 'stackName' in stack) {
      const name = (stack as { stackName: string }).stackName;
      templates[name] = cloudAssembly.getStackByName(name).template as TemplateJson;
    }
  }
  assembly = { stacks: templates, region: REGION, accountId: ACCOUNT, prefix: `gate${randomBytes(3).toString('hex')}-` };
  vendorsGet = templateFunction(assembly, 'VendorsGetFn');

  // The vendors table as the template declares it, under this run's physical name.
  tableName = vendorsGet.environment.VENDORS_TABLE as string;
  const [dataStack, tableId] = Object.entries(templates).flatMap(([stack, template]) =>
    Object.entries(template.Resources)
      .filter(([id, resource]) => resource.Type === 'AWS::DynamoDB::Table' && physicalName(assembly, stack, id) === tableName)
      .map(([id]) => [stack, id]),
  )[0] as [string, string];
  const table = templates[dataStack]?.Resources[tableId]?.Properties as Record<string, never>;
  await admin.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: table.AttributeDefinitions,
      KeySchema: table.KeySchema,
      GlobalSecondaryIndexes: table.GlobalSecondaryIndexes,
    }),
  );
  await DynamoDBDocumentClient.from(admin).send(new PutCommand({ TableName: tableName, Item: vendor }));

  // The template's secrets, served locally under the ARNs the policy names.
  const secretArns = [vendorsGet.environment[ENV.cursorSecretArn], vendorsGet.environment[ENV.redisAuthSecretArn]] as string[];
  secrets = await startSecretsManager({
    secrets: secretArns.map((arn, index) => ({ arn, name: arn.split(':secret:')[1]?.slice(0, -7) as string, value: `secret-${index}` })),
  });
  // Synthesizing the whole app is CPU-bound (~10 s alone, minutes beside the infra project on a
  // busy machine): a bound against a hang, not a speed assertion.
}, 600_000);

afterAll(async () => {
  for (const gate of gates) await gate.close();
  await secrets?.close();
  if (tableName) await admin.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
  admin.destroy();
  removeSynthOutputs();
});

/** A gate with VendorsGetFn as its one principal, holding `statements`; and the function's clients. */
async function asVendorsGet(statements: PolicyStatement[]) {
  const principal: GatePrincipal = {
    name: vendorsGet.logicalId,
    accessKeyId: `AKID${randomBytes(8).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(20).toString('hex'),
    statements,
  };
  const decisions: GateDecision[] = [];
  const gate = await startIamGate({
    principals: [principal],
    region: REGION,
    accountId: ACCOUNT,
    upstreams: { dynamodb: process.env.AWS_ENDPOINT_URL_DYNAMODB, secretsmanager: secrets.url },
    onDecision: (decision) => decisions.push(decision),
  });
  gates.push(gate);
  const config = {
    region: REGION,
    endpoint: gate.url,
    credentials: { accessKeyId: principal.accessKeyId, secretAccessKey: principal.secretAccessKey },
    maxAttempts: 1,
  };
  const repository = new DynamoVendorRepository(DynamoDBDocument.from(new DynamoDBClient(config)), tableName);
  const source = secretsManagerSource(new SecretsManagerClient(config));
  return { repository, readSecret: () => source.getSecretString(vendorsGet.environment[ENV.cursorSecretArn] as string), decisions };
}

/** A copy of the statements without the one(s) granting `action`; asserts exactly one was removed. */
function without(action: string): PolicyStatement[] {
  const grants = (statement: PolicyStatement) => ([] as string[]).concat(statement.Action ?? []).includes(action);
  const kept = structuredClone(vendorsGet.statements).filter((statement) => !grants(statement));
  expect(kept).toHaveLength(vendorsGet.statements.length - 1);
  return kept;
}

describe('vendors.get with its role policy from the synthesized template', () => {
  it('reads its vendor and its cursor key with the policy CDK synthesized', async () => {
    expect(vendorsGet.statements.length).toBeGreaterThan(1);
    const { repository, readSecret, decisions } = await asVendorsGet(vendorsGet.statements);
    expect(await repository.get(vendor.vendorId)).toEqual(vendor);
    expect(await readSecret()).toBe('secret-0');
    expect(decisions.map((decision) => [decision.action, decision.allowed])).toEqual([
      ['dynamodb:GetItem', true],
      ['secretsmanager:GetSecretValue', true],
    ]);
  });

  it('gets AccessDeniedException on GetItem, and only there, when the table statement is removed', async () => {
    const { repository, readSecret } = await asVendorsGet(without('dynamodb:GetItem'));
    await expect(repository.get(vendor.vendorId)).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining(`dynamodb:GetItem on resource: arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${tableName}`),
      $metadata: expect.objectContaining({ httpStatusCode: 400 }),
    });
    expect(await readSecret()).toBe('secret-0');
  });

  it('gets AccessDeniedException on GetSecretValue, and only there, when the secrets statement is removed', async () => {
    const { repository, readSecret } = await asVendorsGet(without('secretsmanager:GetSecretValue'));
    expect(await repository.get(vendor.vendorId)).toEqual(vendor);
    await expect(readSecret()).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining(`secretsmanager:GetSecretValue on resource: ${vendorsGet.environment[ENV.cursorSecretArn]}`),
    });
  });
});
