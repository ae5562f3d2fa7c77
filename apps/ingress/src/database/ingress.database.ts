import type { ServiceDatabase } from '@herald/persistence';
import { ApiKey } from '../accounts/api-key.entity';
import { Channel } from '../accounts/channel.entity';
import { Member } from '../accounts/member.entity';
import { Team } from '../accounts/team.entity';
import { IdempotencyKey } from '../idempotency/idempotency-key.entity';
import { Contact, ContactErasure, InboundMessage, Message } from '@herald/ledger';
import { WebhookDelivery, WebhookEndpoint } from '@herald/webhooks';
import { CreateLedgerAndAccounts1764000000000 } from './migrations/1764000000000-create-ledger-and-accounts';
import { CreateIdempotencyKeys1764200000000 } from './migrations/1764200000000-create-idempotency-keys';
import { CreateMembers1764300000000 } from './migrations/1764300000000-create-members';
import { MessageWarnings1764400000000 } from './migrations/1764400000000-message-warnings';
import { MessageRenderedText1764500000000 } from './migrations/1764500000000-message-rendered-text';
import { ChannelLanguageAndRate1764600000000 } from './migrations/1764600000000-channel-language-and-rate';
import { LedgerRoomForUpdates1764700000000 } from './migrations/1764700000000-ledger-room-for-updates';
import { MessageWithdrawn1764800000000 } from './migrations/1764800000000-message-withdrawn';
import { LedgerEarlyEvents1764900000000 } from './migrations/1764900000000-ledger-early-events';
import { WithdrawnMessagesIndex1765000000000 } from './migrations/1765000000000-withdrawn-messages-index';
import { ChannelPhoneNumberUnique1765100000000 } from './migrations/1765100000000-channel-phone-number-unique';
import { EarlyStatusesByNumber1765130000000 } from './migrations/1765130000000-early-statuses-by-number';
import { SealAccessTokens1765200000000 } from './migrations/1765200000000-seal-access-tokens';
import { CreateOutbox1765300000000 } from './migrations/1765300000000-create-outbox';

/**
 * The ingress owns the `ingress` schema: the accounts (teams, keys, channels), the Idempotency-Keys and the outbox.
 * The ledger's Message is the ledger worker's (the `ledger` schema): the ingress writes a row as it accepts a message
 * and reads rows for the API, through libs/ledger, as it reads and changes the ledger's contacts and reads the
 * customers' messages. The migrations that made the ledger's tables here before the
 * ledger had a deployable of its own stay: the ledger's first migration moves those tables to its schema. The webhook
 * endpoints and deliveries are the notifier's (the `notifier` schema, its migrations): the ingress manages a team's
 * endpoints and reads the delivery log through libs/webhooks.
 */
export const ingressDatabase: ServiceDatabase = {
  schema: 'ingress',
  entities: [Team, ApiKey, Channel, Member, Message, Contact, InboundMessage, ContactErasure, IdempotencyKey, WebhookEndpoint, WebhookDelivery],
  migrations: [
    CreateLedgerAndAccounts1764000000000,
    CreateIdempotencyKeys1764200000000,
    CreateMembers1764300000000,
    MessageWarnings1764400000000,
    MessageRenderedText1764500000000,
    ChannelLanguageAndRate1764600000000,
    LedgerRoomForUpdates1764700000000,
    MessageWithdrawn1764800000000,
    LedgerEarlyEvents1764900000000,
    WithdrawnMessagesIndex1765000000000,
    ChannelPhoneNumberUnique1765100000000,
    EarlyStatusesByNumber1765130000000,
    SealAccessTokens1765200000000,
    CreateOutbox1765300000000,
  ],
};
