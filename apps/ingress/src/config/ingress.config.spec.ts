import { ConfigError, DEVELOPMENT_SETTINGS, loadConfig } from '@herald/config';
import { IngressConfig } from './ingress.config';

const problemsOf = (environment: Record<string, string>): string[] => {
  try {
    loadConfig(IngressConfig, environment);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

const own = { WHATSAPP_APP_SECRET: 'the-meta-app-secret', WHATSAPP_VERIFY_TOKEN: 'our-verify-token', INTERNAL_API_TOKEN: 'our-internal-api-token' };

describe('IngressConfig', () => {
  it("listens on every interface, as the public API, and starts with the deployment's own secrets", () => {
    expect(loadConfig(IngressConfig, own).HOST).toBe('0.0.0.0');
  });

  it('refuses, in production mode, each published development secret with a sentence of its own', () => {
    const problems = problemsOf({
      WHATSAPP_APP_SECRET: DEVELOPMENT_SETTINGS.WHATSAPP_APP_SECRET,
      WHATSAPP_VERIFY_TOKEN: DEVELOPMENT_SETTINGS.WHATSAPP_VERIFY_TOKEN,
      INTERNAL_API_TOKEN: DEVELOPMENT_SETTINGS.INTERNAL_API_TOKEN,
    });

    expect(problems).toEqual(
      ['WHATSAPP_APP_SECRET', 'WHATSAPP_VERIFY_TOKEN', 'INTERNAL_API_TOKEN'].map((name) =>
        expect.stringMatching(new RegExp(`^${name} is the development value, published in Herald's source: .*HERALD_ENV=development`)),
      ),
    );
  });

  it('starts with them in development mode, where they are the defaults', () => {
    const config = loadConfig(IngressConfig, { HERALD_ENV: 'development' });
    const { HERALD_SECRET_KEY, ...ingressSettings } = DEVELOPMENT_SETTINGS;
    expect(config).toMatchObject(ingressSettings);
    // The key that opens access tokens is not the ingress's to hold.
    expect(config).not.toHaveProperty('HERALD_SECRET_KEY', HERALD_SECRET_KEY);
  });
});

describe('IngressConfig TRUST_PROXY', () => {
  const secrets = own;

  it('trusts no proxy unless told', () => {
    expect(loadConfig(IngressConfig, secrets).TRUST_PROXY).toEqual([]);
  });

  it('takes addresses, CIDR ranges and the named ranges', () => {
    expect(loadConfig(IngressConfig, { ...secrets, TRUST_PROXY: '10.0.0.0/8, 192.0.2.1,fd00::/8 ,::1,loopback' }).TRUST_PROXY).toEqual([
      '10.0.0.0/8',
      '192.0.2.1',
      'fd00::/8',
      '::1',
      'loopback',
    ]);
  });

  it.each(['true', '*', '10.0.0.0/33', 'proxy.example.com', '10.0.0.1/8/8'])('refuses %s', (value) => {
    expect(() => loadConfig(IngressConfig, { ...secrets, TRUST_PROXY: value })).toThrow(ConfigError);
  });
});
