import { IncidentStore } from '../../src/store';
import type { Incident } from '../../src/types';

const incident = {
  incidentId: '0b6c2d5e-1111-4c3b-9d7e-000000000001',
  driverId: 'driver-a',
  status: 'created',
  serviceType: 'towing',
  location: { lat: 1, lon: 2 },
  vehicle: { make: 'VW', model: 'Golf' },
  createdAt: '2026-11-30T12:00:00.000Z',
  updatedAt: '2026-11-30T12:00:00.000Z',
  history: [],
} as unknown as Incident;

const conditionFailed = (): Error =>
  Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });

/** A client whose put fails its condition (the SDK's retry of a put that had landed), then answers gets with `stored`. */
function retriedPut(stored: Incident | undefined) {
  const commands: string[] = [];
  const send = jest.fn(async (command: { constructor: { name: string } }) => {
    commands.push(command.constructor.name);
    if (command.constructor.name === 'PutCommand') throw conditionFailed();
    return { Item: stored };
  });
  return { client: { send } as never, commands };
}

describe('IncidentStore.create under a retried put (a paused table: 500 before, success now)', () => {
  it('succeeds when the item under the new id is the one it wrote (the timed-out attempt landed)', async () => {
    const { client, commands } = retriedPut(incident);
    await expect(new IncidentStore(client, () => 'incidents').create(incident)).resolves.toBeUndefined();
    expect(commands).toEqual(['PutCommand', 'GetCommand']);
  });

  it('still fails when another item holds the id', async () => {
    const { client } = retriedPut({ ...incident, driverId: 'driver-b' });
    await expect(new IncidentStore(client, () => 'incidents').create(incident)).rejects.toThrow('conditional request failed');
  });
});
