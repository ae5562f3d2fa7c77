import { ChannelConfiguredData, checkContract, eventCatalogue, Topic, Topics } from '@herald/contracts';
import type { ChannelReplicaRepository } from '@herald/channel-replica';
import type { EventPublisher, OutgoingEvent } from '@herald/kafka';
import type { Channel } from './channel.entity';
import type { ChannelHealthRepository, HealthChange } from './channel-health.repository';
import { ChannelsService } from './channels.service';

const channelUuid = '00000000-0000-4000-8000-00000000000a';
const teamUuid = '00000000-0000-4000-8000-0000000000f1';
const expired = { code: 'provider_token_expired', message: 'Session has expired', providerCode: 190 } as const;

describe('ChannelsService: channel health', () => {
  let published: Array<OutgoingEvent<Topic>>;
  let publish: jest.Mock<Promise<void>, [OutgoingEvent<Topic>]>;
  let health: { markUnhealthy: jest.Mock<Promise<HealthChange | null>>; markHealthy: jest.Mock<Promise<HealthChange | null>> };
  let service: ChannelsService;

  beforeEach(() => {
    published = [];
    publish = jest.fn(async (event: OutgoingEvent<Topic>) => {
      published.push(event);
    });
    health = { markUnhealthy: jest.fn(), markHealthy: jest.fn() };
    service = new ChannelsService(
      {} as ChannelReplicaRepository<Channel>,
      health as unknown as ChannelHealthRepository,
      { publish } as unknown as EventPublisher,
    );
    jest.spyOn(service['logger'], 'warn').mockImplementation(() => undefined);
  });

  it('publishes the change to unhealthy, keyed by the channel, with the reason and WhatsApp\'s code', async () => {
    health.markUnhealthy.mockResolvedValueOnce({ teamUuid });
    await service.markUnhealthy(channelUuid, expired);
    expect(health.markUnhealthy).toHaveBeenCalledWith(channelUuid, 'provider_token_expired', expect.any(Date));
    expect(published).toHaveLength(1);
    const [{ topic, key, event }] = published;
    expect(topic).toBe(Topics.ChannelHealth);
    expect(key).toBe(channelUuid);
    expect(event.data).toEqual({
      channelUuid,
      teamUuid,
      healthy: false,
      reason: 'provider_token_expired',
      message: 'Session has expired',
      providerCode: 190,
      at: health.markUnhealthy.mock.calls[0][2].toISOString(),
    });
    expect(checkContract(eventCatalogue[Topics.ChannelHealth].event, JSON.parse(JSON.stringify(event))).ok).toBe(true);
  });

  it('publishes nothing for a channel already unhealthy: a burst of refused sends is one event', async () => {
    health.markUnhealthy.mockResolvedValueOnce({ teamUuid }).mockResolvedValue(null);
    await Promise.all([1, 2, 3].map(() => service.markUnhealthy(channelUuid, expired)));
    expect(health.markUnhealthy).toHaveBeenCalledTimes(3);
    expect(published).toHaveLength(1);
  });

  it('publishes a recorded change once Kafka is back, without recording it again', async () => {
    health.markUnhealthy.mockResolvedValueOnce({ teamUuid });
    publish.mockRejectedValueOnce(Object.assign(new Error('the broker is away'), { name: 'KafkaJSConnectionError' }));
    await service.markUnhealthy(channelUuid, expired);
    expect(health.markUnhealthy).toHaveBeenCalledTimes(1);
    expect(publish).toHaveBeenCalledTimes(2);
    expect(published.map(({ event }) => event.data)).toEqual([expect.objectContaining({ healthy: false })]);
  });

  it('publishes healthy again when an unhealthy channel is configured, and nothing for a healthy one', async () => {
    const configured = { channelUuid, teamUuid } as ChannelConfiguredData;
    health.markHealthy.mockResolvedValueOnce({ teamUuid }).mockResolvedValueOnce(null);
    await service.channelConfigured(configured);
    await service.channelConfigured(configured);
    expect(health.markHealthy).toHaveBeenCalledTimes(2);
    expect(published.map(({ topic, event }) => [topic, event.data])).toEqual([
      [Topics.ChannelHealth, { channelUuid, teamUuid, healthy: true, at: expect.any(String) }],
    ]);
    expect(checkContract(eventCatalogue[Topics.ChannelHealth].event, JSON.parse(JSON.stringify(published[0].event))).ok).toBe(true);
  });
});
