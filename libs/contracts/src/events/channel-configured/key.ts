import { channelKey, type ChannelKey } from '../event-keys';
import type { ChannelConfiguredData } from './value';

/** The topic is compacted by this key: it keeps each channel's newest configuration. */
export function channelConfiguredKey({ channelUuid }: Pick<ChannelConfiguredData, 'channelUuid'>): ChannelKey {
  return channelKey(channelUuid);
}
