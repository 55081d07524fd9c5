import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';
import { DependencyUnavailableError } from '../../src/errors';
import { invokeFunction, RemoteFunctionError, setFunctionCaller } from '../../src/invoke';

/**
 * invokeFunction bounds the caller's wait: the real Lambda client against a local socket that
 * accepts and never answers gives up within the wait and becomes a 503, not a caller stuck until
 * Lambda kills it. Owner refusals keep their status.
 */
let blackhole: Server;
const sockets: Socket[] = [];
const saved = { ...process.env };

beforeAll(async () => {
  blackhole = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => blackhole.listen(0, '127.0.0.1', resolve));
  process.env.AWS_ENDPOINT_URL_LAMBDA = `http://127.0.0.1:${(blackhole.address() as AddressInfo).port}`;
  process.env.AWS_REGION = 'us-east-1';
  process.env.AWS_ACCESS_KEY_ID = 'x';
  process.env.AWS_SECRET_ACCESS_KEY = 'y';
  process.env.FUNCTION_NAME_TEST_SLOW = 'test-slow-fn';
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => blackhole.close(() => resolve()));
  process.env = saved;
});
afterEach(() => setFunctionCaller(undefined));

it('gives up on a Lambda Invoke that never answers after the wait, as a 503', async () => {
  const call = invokeFunction('test.slow', { hello: 1 }, { waitMs: 300 });
  await expect(call).rejects.toBeInstanceOf(DependencyUnavailableError);
  await expect(call).rejects.toMatchObject({ httpStatus: 503, cause: { name: 'InvokeTimeoutError' } });
});

it('bounds an in-process caller the same way', async () => {
  setFunctionCaller({ call: () => new Promise(() => undefined) });
  await expect(invokeFunction('test.slow', {}, { waitMs: 50 })).rejects.toMatchObject({ httpStatus: 503 });
});

it("keeps an owner's typed refusal (4xx) and returns an answer within the wait", async () => {
  setFunctionCaller({
    call: async (_id, payload) =>
      (payload as { refuse?: boolean }).refuse
        ? { ok: false, error: { code: 'VENDOR_AT_CAPACITY', httpStatus: 409, message: 'busy' } }
        : { ok: true, value: 42 },
  });
  await expect(invokeFunction('test.slow', { refuse: true })).rejects.toBeInstanceOf(RemoteFunctionError);
  await expect(invokeFunction('test.slow', { refuse: true })).rejects.toMatchObject({ httpStatus: 409 });
  await expect(invokeFunction<number>('test.slow', {})).resolves.toBe(42);
});
