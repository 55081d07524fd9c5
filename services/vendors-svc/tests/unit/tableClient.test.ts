import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ENV } from '@roadcall/contracts';
import { closeVendorTableClient, type DaxTableClient, DynamoVendorRepository, vendorTableClient } from '../../src/repository';

/**
 * DAX has no local engine: the DAX client is faked behind the one interface the repository uses
 * (`send`), and we check that DAX_ENDPOINT selects it and that shutdown releases it.
 */
describe('vendorTableClient', () => {
  afterEach(() => closeVendorTableClient());

  it('uses DAX when DAX_ENDPOINT is set, and shuts it down on close', async () => {
    const sent: object[] = [];
    const shutdown = jest.fn();
    const fake: DaxTableClient = {
      send: async (command) => {
        sent.push(command);
        return { Item: { vendorId: 'v1', name: 'From DAX' } };
      },
      shutdown,
    };
    const factory = jest.fn(async () => fake);
    const client = await vendorTableClient({ [ENV.daxEndpoint]: 'daxs://cluster.example:9111', [ENV.region]: 'eu-west-1' }, factory);
    expect(factory).toHaveBeenCalledWith('daxs://cluster.example:9111', 'eu-west-1');
    expect(client).toBe(fake);

    const repo = new DynamoVendorRepository(client, 'vendors-table');
    await expect(repo.get('v1')).resolves.toEqual({ vendorId: 'v1', name: 'From DAX' });
    expect(sent[0]).toBeInstanceOf(GetCommand);
    expect((sent[0] as GetCommand).input).toEqual({ TableName: 'vendors-table', Key: { vendorId: 'v1' } });

    closeVendorTableClient();
    expect(shutdown).toHaveBeenCalledTimes(1);
  });

  it('uses the DynamoDB document client without DAX_ENDPOINT', async () => {
    const factory = jest.fn();
    const client = await vendorTableClient({}, factory);
    expect(factory).not.toHaveBeenCalled();
    expect(typeof client.send).toBe('function');
    expect(client.constructor.name).toBe('DynamoDBDocumentClient');
  });
});
