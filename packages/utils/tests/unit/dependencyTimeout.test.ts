import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { Client } from 'pg';
import { createHandler } from '../../src/http';
import { dependencyFailure } from '../../src/http/dependencyFailure';
import { context, driverClaims, fixtureRoute, proxyEvent } from '../support/events';

/**
 * Dependency timeouts and refusals map to 503 with Retry-After. The errors come from the real
 * client libraries (AWS SDK, pg) against local sockets that accept and never answer, or refuse.
 */
let blackhole: Server;
let blackholePort: number;
const sockets: Socket[] = [];
let closedPort: number;

beforeAll(async () => {
  blackhole = createServer((socket) => {
    sockets.push(socket); // accept, read, never answer
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => blackhole.listen(0, '127.0.0.1', resolve));
  blackholePort = (blackhole.address() as AddressInfo).port;
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => blackhole.close(() => resolve()));
});

const dynamo = (port: number) =>
  new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    maxAttempts: 1,
    // The SDK's own NodeHttpHandler, configured as src/aws/clients.ts does.
    requestHandler: { connectionTimeout: 200, requestTimeout: 200, throwOnRequestTimeout: true },
  });

const handlerCalling = (call: () => Promise<unknown>) =>
  createHandler({ route: fixtureRoute({ method: 'GET' }), handle: async () => call() });

async function answerOf(call: () => Promise<unknown>) {
  const result = (await handlerCalling(call)(proxyEvent({ claims: driverClaims }), context)) as APIGatewayProxyResult;
  return { status: result.statusCode, headers: result.headers ?? {}, body: JSON.parse(result.body) };
}

describe('dependency failures answer 503 with Retry-After', () => {
  it('the AWS SDK timing out (a table client under load)', async () => {
    const client = dynamo(blackholePort);
    try {
      const answer = await answerOf(() => client.send(new DescribeTableCommand({ TableName: 't' })));
      expect(answer.status).toBe(503);
      expect(answer.headers['Retry-After']).toBe('2');
      expect(answer.body.error.code).toBe('DEPENDENCY_UNAVAILABLE');
    } finally {
      client.destroy();
    }
  });

  it('the AWS SDK refused a connection (ECONNREFUSED)', async () => {
    const client = dynamo(closedPort);
    try {
      expect((await answerOf(() => client.send(new DescribeTableCommand({ TableName: 't' })))).status).toBe(503);
    } finally {
      client.destroy();
    }
  });

  it('pg timing out on connect', async () => {
    const client = new Client({ host: '127.0.0.1', port: blackholePort, connectionTimeoutMillis: 200, user: 'x', database: 'x' });
    const answer = await answerOf(() => client.connect());
    expect(answer.status).toBe(503);
    expect(answer.headers['Retry-After']).toBe('2');
  });

  it('a reset socket (ECONNRESET) deep in a cause chain', () => {
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(dependencyFailure(new Error('wrapped', { cause: new Error('again', { cause: reset }) }))?.httpStatus).toBe(503);
  });

  it('leaves programming errors a 500 that reveals nothing', async () => {
    const answer = await answerOf(async () => {
      throw new TypeError('x is not a function');
    });
    expect(answer.status).toBe(500);
    expect(answer.body.error).toEqual({ code: 'INTERNAL_ERROR', message: 'Internal server error' });
    expect(dependencyFailure(new Error('The provided key element does not match the schema'))).toBeUndefined();
  });
});
