import { ConfigError, loadConfig } from '@herald/config';
import { SandboxConfig } from './sandbox.config';

const problemsOf = (environment: Record<string, string>): string[] => {
  try {
    loadConfig(SandboxConfig, environment);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

const TOKEN = 'an-internal-api-token';

describe('SandboxConfig', () => {
  it('has the documented defaults', () => {
    const config = loadConfig(SandboxConfig, { WHATSAPP_APP_SECRET: 'devsecret123', INTERNAL_API_TOKEN: TOKEN });
    expect(config).toMatchObject({
      PORT: 3100,
      HOST: '127.0.0.1',
      WEBHOOK_URL: 'http://127.0.0.1:3000/webhooks/whatsapp',
      SANDBOX_WEBHOOK_DELAYS_MS: [50, 100, 200],
      SANDBOX_RESPONSE_LATENCY_MS: 0,
      SANDBOX_WABA_ID: '100000000000001',
      SANDBOX_PHONE_NUMBER_ID: '100000000000002',
      SANDBOX_DISPLAY_PHONE_NUMBER: '15550009999',
    });
    expect(config.SANDBOX_ACCESS_TOKEN).toBeUndefined();
  });

  it('parses the webhook delays and the other numbers from the environment', () => {
    const config = loadConfig(SandboxConfig, {
      WHATSAPP_APP_SECRET: 'devsecret123',
      INTERNAL_API_TOKEN: TOKEN,
      SANDBOX_WEBHOOK_DELAYS_MS: '0, 5,5',
      SANDBOX_WEBHOOK_RETRY_DELAYS_MS: '10,20',
      SANDBOX_RESPONSE_LATENCY_MS: '25',
      PORT: '0',
    });
    expect(config.SANDBOX_WEBHOOK_DELAYS_MS).toEqual([0, 5, 5]);
    expect(config.SANDBOX_WEBHOOK_RETRY_DELAYS_MS).toEqual([10, 20]);
    expect(config.SANDBOX_RESPONSE_LATENCY_MS).toBe(25);
    expect(config.PORT).toBe(0);
  });

  it('refuses to start without a usable app secret', () => {
    expect(problemsOf({ INTERNAL_API_TOKEN: TOKEN })).toEqual([expect.stringMatching(/^WHATSAPP_APP_SECRET .* \(not set\)$/)]);
    expect(problemsOf({ INTERNAL_API_TOKEN: TOKEN, WHATSAPP_APP_SECRET: 'short' })).toEqual([
      'WHATSAPP_APP_SECRET must be at least 8 characters (got 5 characters, not shown)',
    ]);
  });

  it('names bad webhook delays', () => {
    const secret = { WHATSAPP_APP_SECRET: 'devsecret123', INTERNAL_API_TOKEN: TOKEN };
    expect(problemsOf({ ...secret, SANDBOX_WEBHOOK_DELAYS_MS: '50,100' }).join()).toContain(
      'SANDBOX_WEBHOOK_DELAYS_MS must be 3 delays in milliseconds',
    );
    expect(problemsOf({ ...secret, SANDBOX_WEBHOOK_DELAYS_MS: '50,abc,200' }).join()).toContain(
      'SANDBOX_WEBHOOK_DELAYS_MS must hold whole numbers of milliseconds',
    );
    expect(problemsOf({ ...secret, SANDBOX_WEBHOOK_DELAYS_MS: '200,100,50' }).join()).toContain(
      'must not decrease',
    );
    expect(problemsOf({ ...secret, SANDBOX_WEBHOOK_RETRY_DELAYS_MS: '-5' }).join()).toContain(
      'SANDBOX_WEBHOOK_RETRY_DELAYS_MS must hold whole numbers of milliseconds',
    );
    expect(problemsOf({ ...secret, WEBHOOK_URL: 'not a url' }).join()).toContain(
      'WEBHOOK_URL must be an http(s) URL',
    );
  });
});
