import { ConfigError, DEVELOPMENT_SETTINGS, loadConfig } from '@herald/config';
import { IngressConfig } from './ingress.config';
import { WebhookSecretKeysConfig } from './webhook-secret-keys.config';

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
    // The webhook secrets' key is read alone (WebhookSecretKeysConfig), so that the CLI's other commands work without it.
    const { HERALD_SECRET_KEY, WEBHOOK_SECRET_KEY: _webhookKey, ...ingressSettings } = DEVELOPMENT_SETTINGS;
    expect(config).toMatchObject(ingressSettings);
    // The key that opens access tokens is not the ingress's to hold.
    expect(config).not.toHaveProperty('HERALD_SECRET_KEY', HERALD_SECRET_KEY);
  });

  it("holds no key to the channels' tokens even when the environment has one: the dispatcher makes its Graph API calls", () => {
    const config = loadConfig(IngressConfig, { ...own, HERALD_SECRET_KEY: DEVELOPMENT_SETTINGS.HERALD_SECRET_KEY, HERALD_SECRET_KEYS_OLD: DEVELOPMENT_SETTINGS.HERALD_SECRET_KEY });

    expect(config).not.toHaveProperty('HERALD_SECRET_KEY');
    expect(config).not.toHaveProperty('HERALD_SECRET_KEYS_OLD');
    expect(config.DISPATCHER_URL).toBe('http://127.0.0.1:3003');
  });

  it('refuses a DISPATCHER_URL that is no http(s) URL', () => {
    expect(problemsOf({ ...own, DISPATCHER_URL: 'dispatcher:3003' })).toEqual(['DISPATCHER_URL must be an http(s) URL (got "dispatcher:3003")']);
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

describe('the webhook endpoint settings', () => {
  it('refuses private endpoint addresses unless told, and reads true and false as the environment spells them', () => {
    expect(loadConfig(IngressConfig, own)).toMatchObject({ WEBHOOK_ALLOW_PRIVATE: false, WEBHOOK_ALLOWED_HOSTS: [] });
    expect(loadConfig(IngressConfig, { ...own, WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_ALLOWED_HOSTS: 'receiver.internal, 10.0.0.7' })).toMatchObject({
      WEBHOOK_ALLOW_PRIVATE: true,
      WEBHOOK_ALLOWED_HOSTS: ['receiver.internal', '10.0.0.7'],
    });
    expect(loadConfig(IngressConfig, { ...own, WEBHOOK_ALLOW_PRIVATE: 'false' }).WEBHOOK_ALLOW_PRIVATE).toBe(false);
    expect(problemsOf({ ...own, WEBHOOK_ALLOW_PRIVATE: 'yes' })).toEqual([expect.stringMatching(/^WEBHOOK_ALLOW_PRIVATE must be true or false/)]);
  });

  it('seals webhook secrets under a key of their own, which production mode needs set and not the development one', () => {
    const problems = (environment: Record<string, string>) => {
      try {
        loadConfig(WebhookSecretKeysConfig, environment);
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };
    expect(problems({})).toEqual([expect.stringMatching(/^WEBHOOK_SECRET_KEY must be 32 random bytes/)]);
    expect(problems({ WEBHOOK_SECRET_KEY: DEVELOPMENT_SETTINGS.WEBHOOK_SECRET_KEY })).toEqual([expect.stringMatching(/^WEBHOOK_SECRET_KEY is the development value/)]);
    expect(loadConfig(WebhookSecretKeysConfig, { HERALD_ENV: 'development' }).WEBHOOK_SECRET_KEY).toBe(DEVELOPMENT_SETTINGS.WEBHOOK_SECRET_KEY);
    expect(DEVELOPMENT_SETTINGS.WEBHOOK_SECRET_KEY).not.toBe(DEVELOPMENT_SETTINGS.HERALD_SECRET_KEY);
  });
});
