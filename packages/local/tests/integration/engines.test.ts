import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { TABLES } from '@roadcall/contracts';
import { dynamoClient } from '@roadcall/utils/aws';

describe('the engines started by the global setup', () => {
  it('created every contract table in dynalite', async () => {
    const { TableNames } = await dynamoClient().send(new ListTablesCommand({}));
    for (const table of Object.values(TABLES)) expect(TableNames).toContain(process.env[table.envVar]);
  });
});
