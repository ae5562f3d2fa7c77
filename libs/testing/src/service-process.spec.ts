import { readFileSync } from 'node:fs';
import path from 'node:path';
import { serviceEnvironment, serviceRuntime, workspaceRoot } from './service-process';

describe('the runtime settings every service runs with', () => {
  it('are the Docker image environment too, which nothing here can run', () => {
    const dockerfile = readFileSync(path.join(workspaceRoot, 'Dockerfile'), 'utf8');
    const image = Object.fromEntries([...dockerfile.matchAll(/^ENV (\w+)=(.*)$/gm)].map(([, name, value]) => [name, value.trim()]));
    const names = Object.keys(serviceRuntime);

    expect(names).toEqual(expect.arrayContaining(['NODE_OPTIONS', 'MALLOC_ARENA_MAX']));
    expect(Object.fromEntries(names.map((name) => [name, image[name]]))).toEqual(serviceRuntime);
  });

  it('yield to what a test or benchmark gives, and keep the heap limit under NODE_OPTIONS given', () => {
    const env = serviceEnvironment({ MALLOC_ARENA_MAX: '4', NODE_OPTIONS: '--require ./profiler.cjs', LOG_LEVEL: 'debug' });

    expect(env).toEqual({
      MALLOC_ARENA_MAX: '4',
      NODE_OPTIONS: `${serviceRuntime.NODE_OPTIONS} --require ./profiler.cjs`,
      LOG_LEVEL: 'debug',
    });
    expect(serviceEnvironment({})).toEqual(serviceRuntime);
  });
});
