import { Topic, Topics } from '@herald/contracts';
import type { EventPublisher, OutgoingEvent } from '@herald/kafka';
import { DispatchOutcomesService } from './dispatch-outcomes.service';
import type { SettledSend } from './dispatch-queue.repository';

describe('DispatchOutcomesService', () => {
  const send: SettledSend = {
    message: {
      messageUuid: '8f14e45f-ceea-467a-9af0-1b2c3d4e5f60',
      teamUuid: '00000000-0000-4000-8000-000000000001',
      channelUuid: '00000000-0000-4000-8000-000000000002',
      to: '+15550001111',
    },
    state: 'sent',
    providerMessageId: 'wamid.1',
    failure: null,
    requestId: null,
  } as unknown as SettledSend;

  it('publishes an outcome once Kafka is back: the send queue already holds it and will not hand it out again', async () => {
    const published: Array<OutgoingEvent<Topic>> = [];
    let away = 1;
    const publisher = {
      publish: jest.fn(async (event: OutgoingEvent<Topic>) => {
        if (away-- > 0) throw Object.assign(new Error('the broker is away'), { name: 'KafkaJSConnectionError' });
        published.push(event);
      }),
    } as unknown as EventPublisher;
    await new DispatchOutcomesService(publisher).publish(send);
    expect(publisher.publish).toHaveBeenCalledTimes(2);
    expect(published.map((event) => event.topic)).toEqual([Topics.MessageDispatched]);
  });
});
