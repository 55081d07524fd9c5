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
  return { total, byFunction, byPackage };
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
const { total, byFunction, byPackage } = selfTimes(JSON.parse(readFileSync(main, 'utf8')));
const idle = byFunction.get('(idle) ') ?? 0;
process.stdout.write(
  [
    `CPU profile ${main}`,
    `  sampled ${(total / 1000).toFixed(0)} ms, busy ${((total - idle) / 1000).toFixed(0)} ms (${((100 * (total - idle)) / total).toFixed(0)}%)`,
    `  top ${n} functions by self time (% of sampled time):`,
    ...top(byFunction, total, n).map((line) => `    ${line}`),
    '  by package:',
    ...top(byPackage, total, 15).map((line) => `    ${line}`),
    ...others.map((file) => {
      const other = selfTimes(JSON.parse(readFileSync(file, 'utf8')));
      const otherIdle = other.byFunction.get('(idle) ') ?? 0;
      return `  also: ${file}: busy ${((other.total - otherIdle) / 1000).toFixed(0)} ms of ${(other.total / 1000).toFixed(0)} ms`;
    }),
    '',
  ].join('\n'),
);
