import { channelKey, type ChannelKey } from '../event-keys';
import type { ChannelHealthData } from './value';

/** A channel's health changes stay in order: unhealthy, then healthy again once it is configured anew. */
export function channelHealthKey({ channelUuid }: Pick<ChannelHealthData, 'channelUuid'>): ChannelKey {
  return channelKey(channelUuid);
}
