import type { INestApplicationContext } from '@nestjs/common';
import { ConfigError, DEMO_API_KEY } from '@herald/config';
import type { IngressConfig } from '../config/ingress.config';
import { AccountsService } from './accounts.service';

/**
 * In production mode the ingress does not start while the demo API key, published in Herald's source, still opens a
 * team in its database (`npm start` seeds it): anyone could send as that team.
 */
export async function refuseTheDemoKeyInProduction(app: INestApplicationContext, config: IngressConfig): Promise<void> {
  if (config.HERALD_ENV === 'development') return;
  const demo = await app.get(AccountsService).authenticate(DEMO_API_KEY);
  if (!demo) return;
  throw new ConfigError([
    `the demo API key ${demo.apiKeyUuid}, published in Herald's source, opens team ${demo.teamUuid} in this database: ` +
      `revoke it (herald keys revoke --key ${demo.apiKeyUuid}), or run with HERALD_ENV=development on a development machine`,
  ]);
}
