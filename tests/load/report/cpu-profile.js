#!/usr/bin/env node

/**
 * Summarises V8 CPU profiles (`node --cpu-prof`): the top functions by self time, and the same
 * grouped by package, for the first (largest) file; the others are listed with their totals.
 *
 * Usage: node report/cpu-profile.js <main.cpuprofile> [other.cpuprofile...] [--top 25]
 */
const { readFileSync } = require('node:fs');

function selfTimes(profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  const deltas = profile.timeDeltas ?? [];
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (deltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map();
  for (const [id, micros] of self) {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const key = `${functionName || '(anonymous)'} ${shortUrl(url)}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + micros);
  }
  const byPackage = new Map();
  for (const [id, micros] of self) {
    const key = packageOf(byId.get(id).callFrame);
    byPackage.set(key, (byPackage.get(key) ?? 0) + micros);
  }
  return { total, byFunction, byPackage, byRepoFile: inclusiveByRepoFile(profile, byId) };
}

/**
 * Inclusive time per source file of this repository (packages/*, services/*): each sample counts
 * once for every repo file on its stack, so a handler's file shows what it costs with everything
 * it calls (SDK, Redis client, zod), and the local stack's files show what the adapter, the SQS
 * poller and the scheduler cost.
 */
function inclusiveByRepoFile(profile, byId) {
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const deltas = profile.timeDeltas ?? [];
  const totals = new Map();
  const filesOf = new Map();
  const repoFile = (url) => {
    if (!url || url.includes('node_modules')) return undefined;
    const m = /((?:packages|services|scripts)\/.+)$/.exec(url.replace(/^file:\/\//, ''));
    return m ? m[1] : undefined;
  };
  profile.samples.forEach((id, i) => {
    let files = filesOf.get(id);
    if (!files) {
      files = new Set();
      for (let at = id; at !== undefined; at = parent.get(at)) {
        const file = repoFile(byId.get(at).callFrame.url);
        if (file) files.add(file);
      }
      filesOf.set(id, files);
    }
    for (const file of files) totals.set(file, (totals.get(file) ?? 0) + (deltas[i] ?? 0));
  });
  return totals;
}

function shortUrl(url) {
  if (!url) return '';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) return url.slice(modules + 13);
  const repo = url.indexOf('/work/main/');
  return repo >= 0 ? url.slice(repo + 11) : url.replace(/^file:\/\//, '');
}

function packageOf({ url, functionName }) {
  if (!url) return functionName.startsWith('(') ? functionName : '(native / V8)';
  if (url.startsWith('node:')) return 'node: core';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 13).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const m = /\/work\/main\/((?:packages|services)\/[^/]+)/.exec(url) ?? /((?:packages|services)\/[^/]+)/.exec(url);
  return m ? m[1] : shortUrl(url);
}

function top(map, total, n) {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([key, micros]) => `${((100 * micros) / total).toFixed(1).padStart(5)}%  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${key}`);
}

const argv = process.argv.slice(2);
const topIndex = argv.indexOf('--top');
const n = topIndex >= 0 ? Number(argv.splice(topIndex, 2)[1]) : 25;
const [main, ...others] = argv;
if (!main) {
  process.stderr.write('usage: cpu-profile.js <file.cpuprofile> [...] [--top N]\n');
  process.exit(2);
}
const { total, byFunction, byPackage, byRepoFile } = selfTimes(JSON.parse(readFileSync(main, 'utf8')));
const idle = byFunction.get('(idle) ') ?? 0;
byFunction.delete('(idle) ');
byPackage.delete('(idle)');
// Shares below are of the busy (non-idle) time: what the process spent its CPU on.
const busy = total - idle;
process.stdout.write(
  [
    `CPU profile ${main}`,
    `  sampled ${(total / 1000).toFixed(0)} ms, busy ${((total - idle) / 1000).toFixed(0)} ms (${((100 * (total - idle)) / total).toFixed(0)}%)`,
    `  top ${n} functions by self time (% of busy time):`,
    ...top(byFunction, busy, n).map((line) => `    ${line}`),
    '  self time by package (% of busy time):',
    ...top(byPackage, busy, 15).map((line) => `    ${line}`),
    '  inclusive time by repository file (% of busy time; a sample counts for every repo file on its',
    '  synchronous stack, so work resumed after an await is not attributed to its caller):',
    ...top(byRepoFile, busy, 25).map((line) => `    ${line}`),
    ...others.map((file) => {
      const other = selfTimes(JSON.parse(readFileSync(file, 'utf8')));
      const otherIdle = other.byFunction.get('(idle) ') ?? 0;
      return `  also: ${file}: busy ${((other.total - otherIdle) / 1000).toFixed(0)} ms of ${(other.total / 1000).toFixed(0)} ms`;
    }),
    '',
  ].join('\n'),
);
