import { ENV_VARS } from './env';
import { BUCKETS, QUEUES } from './queues';
import { TABLES } from './tables';

const START = '<!-- generated:env:start (pnpm run docs) -->';
const END = '<!-- generated:env:end -->';

const escapeCell = (text: string): string => text.replace(/\|/g, '\\|');

/** The README's configuration table: every env var in the contracts, generated, never hand-kept. */
export function renderEnvTable(): string {
  const rows = ENV_VARS.map(
    (spec) =>
      `| \`${spec.name}\` | ${escapeCell(spec.description)} | ${spec.default === undefined ? '—' : `\`${spec.default}\``} | ${spec.setBy} |`,
  );
  const resources = [
    ...Object.values(TABLES).map((table) => ({ envVar: table.envVar, text: `Physical name of the \`${table.name}\` DynamoDB table.` })),
    ...Object.values(QUEUES).map((queue) => ({
      envVar: queue.envVar,
      text: `URL of the \`${queue.name}\` SQS queue (DLQ \`${queue.name}-dlq\`).`,
    })),
    ...Object.values(BUCKETS).map((bucket) => ({ envVar: bucket.envVar, text: `Name of the \`${bucket.name}\` S3 bucket.` })),
  ].map((resource) => `| \`${resource.envVar}\` | ${resource.text} | — | local+cdk |`);
  return ['| variable | meaning | default | set by |', '|---|---|---|---|', ...rows, ...resources].join('\n');
}

/** The README with its generated sections brought up to date. */
export function renderReadmeSections(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end === -1) throw new Error(`README.md lacks the markers ${START} ... ${END}`);
  return `${readme.slice(0, start + START.length)}\n${renderEnvTable()}\n${readme.slice(end)}`;
}
