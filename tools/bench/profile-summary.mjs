#!/usr/bin/env node
// Where a .cpuprofile's time went: self time by function and by package or file, the top rows of each.
// Usage: node tools/bench/profile-summary.mjs <file.cpuprofile> [rows]
import { readFileSync } from 'node:fs';

const [file, rowsArg] = process.argv.slice(2);
const rows = Number(rowsArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfSamples = new Map();
for (const id of profile.samples) selfSamples.set(id, (selfSamples.get(id) ?? 0) + 1);
const total = profile.samples.length;

const place = (url) => {
  if (!url) return '(native)';
  const modules = url.match(/node_modules\/((@[^/]+\/)?[^/]+)/g);
  if (modules) return modules[modules.length - 1].replace('node_modules/', '');
  if (url.startsWith('node:')) return url;
  return url.replace(/^.*\/(dist|src)\//, '');
};
const byFunction = new Map();
const byPlace = new Map();
for (const [id, count] of selfSamples) {
  const { callFrame } = byId.get(id);
  const fn = `${callFrame.functionName || '(anonymous)'} ${place(callFrame.url)}:${callFrame.lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + count);
  const where = place(callFrame.url);
  byPlace.set(where, (byPlace.get(where) ?? 0) + count);
}
const idle = [...selfSamples].filter(([id]) => ['(idle)', '(program)', '(garbage collector)'].includes(byId.get(id).callFrame.functionName));
const show = (title, map) => {
  console.log(`\n${title}`);
  for (const [key, count] of [...map].sort((a, b) => b[1] - a[1]).slice(0, rows)) {
    console.log(`${((count / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
  }
};
console.log(`${file}: ${total} samples; ${idle.map(([id, n]) => `${byId.get(id).callFrame.functionName} ${((n / total) * 100).toFixed(1)}%`).join(', ')}`);
show('self time by package or file', byPlace);
show('self time by function', byFunction);
