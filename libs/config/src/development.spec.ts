import { BaseConfig } from './base.config';
import { DEVELOPMENT_SETTINGS } from './development';
import { InternalApiConfig } from './internal-api.config';
import { ConfigError, loadConfig } from './load-config';

const problemsOf = (environment: Record<string, string>): string[] => {
  try {
    loadConfig(InternalApiConfig, environment);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('development and production mode', () => {
  it('is production unless HERALD_ENV says development, and says so when it says anything else', () => {
    expect(loadConfig(BaseConfig, {}).HERALD_ENV).toBe('production');
    expect(loadConfig(BaseConfig, { HERALD_ENV: 'development' }).HERALD_ENV).toBe('development');
    expect(() => loadConfig(BaseConfig, { HERALD_ENV: 'staging' })).toThrow('HERALD_ENV must be development or production (got "staging")');
  });

  it('listens on this machine only unless HOST says otherwise', () => {
    expect(loadConfig(BaseConfig, {}).HOST).toBe('127.0.0.1');
  });

  it('needs the internal API token in production mode, and refuses the published development one', () => {
    expect(problemsOf({})).toEqual([expect.stringMatching(/^INTERNAL_API_TOKEN must be set: .* \(not set\)$/)]);
    expect(problemsOf({ INTERNAL_API_TOKEN: DEVELOPMENT_SETTINGS.INTERNAL_API_TOKEN })).toEqual([
      "INTERNAL_API_TOKEN is the development value, published in Herald's source: set your own, or run with " +
        `HERALD_ENV=development on a development machine (got ${DEVELOPMENT_SETTINGS.INTERNAL_API_TOKEN.length} characters, not shown)`,
    ]);
    expect(problemsOf({ INTERNAL_API_TOKEN: 'short' })).toEqual(['INTERNAL_API_TOKEN must be at least 16 characters (got 5 characters, not shown)']);
    expect(problemsOf({ INTERNAL_API_TOKEN: 'this-deployment-s-own-token' })).toEqual([]);
  });

  it('defaults to the development settings in development mode, where a value given still wins', () => {
    expect(loadConfig(InternalApiConfig, { HERALD_ENV: 'development' }).INTERNAL_API_TOKEN).toBe(DEVELOPMENT_SETTINGS.INTERNAL_API_TOKEN);
    expect(loadConfig(InternalApiConfig, { HERALD_ENV: 'development', INTERNAL_API_TOKEN: 'a-token-of-my-own' }).INTERNAL_API_TOKEN).toBe(
      'a-token-of-my-own',
    );
  });
});
