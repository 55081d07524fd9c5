/**
 * `pnpm run deploy -- --context stage=prod [cdk deploy options]`: deploys every stack of the stage
 * and writes its outputs (API URL, CloudFront domain, ...) to infrastructure/cdk-outputs.<stage>.json (read by tests/load/run-load-test.sh),
 * where the load tests read them.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const args = process.argv.slice(2).filter((arg) => arg !== '--');
let stage = 'dev';
for (const [i, arg] of args.entries()) {
  const value = arg.startsWith('stage=') ? arg : arg === '--context' || arg === '-c' ? args[i + 1] : undefined;
  if (value?.startsWith('stage=')) stage = value.slice('stage='.length);
}
const root = path.resolve(__dirname, '..', '..');
const outputs = path.join('infrastructure', `cdk-outputs.${stage}.json`);
const cdkArgs = ['deploy', '--all', '--context', `stage=${stage}`, '--outputs-file', outputs, '--require-approval', 'broadening', ...args];
console.log(`cdk ${cdkArgs.join(' ')}`);
// The package's pinned CLI (aws-cdk 2.1148.x), whatever is on PATH.
const cli = require.resolve('aws-cdk/bin/cdk');
const result = spawnSync(process.execPath, [cli, ...cdkArgs], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
