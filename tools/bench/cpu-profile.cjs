// A preload for BENCH_NODE_OPTIONS="--require ./tools/bench/cpu-profile.cjs": profiles the process's CPU from start
// to SIGTERM and writes `<CPU_PROFILE_DIR>/<name>-<pid>.cpuprofile` (Chrome DevTools' format; `node
// tools/bench/profile-summary.mjs <file>` prints where the time went). `--cpu-prof` itself is refused in NODE_OPTIONS.
const { Session } = require('node:inspector');
const { writeFileSync, mkdirSync } = require('node:fs');
const path = require('node:path');

const directory = process.env.CPU_PROFILE_DIR ?? path.resolve('bench-results/profiles');
const name = path.basename(path.dirname(process.argv[1] ?? 'node')) === 'src'
  ? path.basename(path.dirname(path.dirname(process.argv[1])))
  : path.basename(process.argv[1] ?? 'node', '.js');
const session = new Session();
session.connect();
session.post('Profiler.enable', () => session.post('Profiler.setSamplingInterval', { interval: 500 }, () => session.post('Profiler.start')));

let written = false;
function write() {
  if (written) return;
  written = true;
  session.post('Profiler.stop', (error, result) => {
    if (!error) {
      mkdirSync(directory, { recursive: true });
      writeFileSync(path.join(directory, `${name}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    }
  });
}
// Written before the service's own SIGTERM handling begins its shutdown, so the profile is of the work, not the exit.
process.prependListener('SIGTERM', write);
process.on('exit', write);
