import type { INestApplicationContext } from '@nestjs/common';
import { ConfigError, DEMO_API_KEY, loadConfig } from '@herald/config';
import { IngressConfig } from '../config/ingress.config';
import { AccountsService } from './accounts.service';
import { refuseTheDemoKeyInProduction } from './demo-key.check';

/** An application whose accounts know only the keys given, as `authenticate` answers for them. */
const appWithKeys = (keys: Record<string, { teamUuid: string; apiKeyUuid: string }>) =>
  ({
    get: (token: unknown) => {
      expect(token).toBe(AccountsService);
      return { authenticate: async (secret: string) => keys[secret] ?? null };
    },
  }) as unknown as INestApplicationContext;

const secrets = { WHATSAPP_APP_SECRET: 'the-meta-app-secret', WHATSAPP_VERIFY_TOKEN: 'our-verify-token', INTERNAL_API_TOKEN: 'our-internal-api-token' };
const production = loadConfig(IngressConfig, secrets);
const development = loadConfig(IngressConfig, { ...secrets, HERALD_ENV: 'development' });
const demoKey = { [DEMO_API_KEY]: { teamUuid: '00000000-0000-4000-8000-000000000001', apiKeyUuid: '7d0c1f9e-3b1a-4f55-9d0e-2f6a1c3b5e77' } };

describe('refuseTheDemoKeyInProduction', () => {
  it('refuses to start in production mode while the demo key opens a team, saying which key to revoke', async () => {
    const refusal = refuseTheDemoKeyInProduction(appWithKeys(demoKey), production);

    await expect(refusal).rejects.toBeInstanceOf(ConfigError);
    await expect(refusal).rejects.toThrow('herald keys revoke --key 7d0c1f9e-3b1a-4f55-9d0e-2f6a1c3b5e77');
  });

  it('starts in production mode once the demo key is revoked or was never seeded', async () => {
    await expect(refuseTheDemoKeyInProduction(appWithKeys({}), production)).resolves.toBeUndefined();
  });

  it('starts with the demo key in development mode', async () => {
    await expect(refuseTheDemoKeyInProduction(appWithKeys(demoKey), development)).resolves.toBeUndefined();
  });
});
