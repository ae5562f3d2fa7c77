import type { ServiceDatabase } from '@herald/persistence';
import { Channel } from '../channels/channel.entity';
import { Dispatch } from '../dispatch/dispatch.entity';
import { CreateChannelsAndDispatches1764000000000 } from './migrations/1764000000000-create-channels-and-dispatches';
import { ChannelHealth1764100000000 } from './migrations/1764100000000-channel-health';
import { SendQueue1764600000000 } from './migrations/1764600000000-send-queue';
import { OutcomeUnknown1765000000000 } from './migrations/1765000000000-outcome-unknown';
import { SealAccessTokens1765200000000 } from './migrations/1765200000000-seal-access-tokens';
import { MediaUploads1765600000000 } from './migrations/1765600000000-media-uploads';

/** The dispatcher owns the `dispatcher` schema: its copy of channel credentials and its record of every send. */
export const dispatcherDatabase: ServiceDatabase = {
  schema: 'dispatcher',
  entities: [Channel, Dispatch],
  migrations: [
    CreateChannelsAndDispatches1764000000000,
    ChannelHealth1764100000000,
    SendQueue1764600000000,
    OutcomeUnknown1765000000000,
    SealAccessTokens1765200000000,
    MediaUploads1765600000000,
  ],
};
