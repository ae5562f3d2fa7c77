import type { ServiceDatabase } from '@herald/persistence';
import { Channel } from '../channels/channel.entity';
import { ConsentEvent } from '../contacts/consent-event.entity';
import { InboundMessage } from '../contacts/inbound-message.entity';
import { WindowAlert } from '../contacts/window-alert.entity';
import { Decision } from '../decisions/decision.entity';
import { CreatePolicy1764000000000 } from './migrations/1764000000000-create-policy';
import { InboundPerChannelConsentOrigin1765100000000 } from './migrations/1765100000000-inbound-per-channel-consent-origin';
import { WindowAlerts1766000000000 } from './migrations/1766000000000-window-alerts';

/**
 * The policy owns the `policy` schema: channel capabilities, what customers wrote and consented to, decisions, the
 * window-closing alerts.
 */
export const policyDatabase: ServiceDatabase = {
  schema: 'policy',
  entities: [Channel, InboundMessage, ConsentEvent, Decision, WindowAlert],
  migrations: [CreatePolicy1764000000000, InboundPerChannelConsentOrigin1765100000000, WindowAlerts1766000000000],
};
