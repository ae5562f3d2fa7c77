// How every Herald service process runs, wherever it is started: `npm start` (start.mjs), the tests and benchmarks
// (libs/testing's ServiceProcess), and the Docker image, whose ENV lines a test holds to SERVICE_RUNTIME. A heap limit
// V8 sizes its garbage collection by, and two malloc pools instead of one per thread (docs/benchmarks.md).
const SERVICE_RUNTIME = { NODE_OPTIONS: '--max-old-space-size=512', MALLOC_ARENA_MAX: '2' };

/** A service's environment: these settings unless `given` sets them, and NODE_OPTIONS given added after them. */
function serviceEnvironment(given) {
  return { ...SERVICE_RUNTIME, ...given, NODE_OPTIONS: [SERVICE_RUNTIME.NODE_OPTIONS, given.NODE_OPTIONS].filter(Boolean).join(' ') };
}

module.exports = { SERVICE_RUNTIME, serviceEnvironment };
