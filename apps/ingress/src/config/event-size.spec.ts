import path from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { envelope, MessageApprovedData, MessageReadyData, Topics } from '@herald/contracts';
import { MAX_EVENT_BYTES, MAX_PRODUCE_REQUEST_BYTES } from '@herald/kafka';
import { IngressConfig, MAX_HTTP_BODY_LIMIT } from './ingress.config';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const broker = require(path.resolve(__dirname, '../../../../tools/kafka/broker.cjs')) as { BROKER_SETTINGS: Record<string, string> };

/** The largest value class-validator allows for a property of IngressConfig. */
function maximumOf(property: keyof IngressConfig): number {
  const limits = getMetadataStorage()
    .getTargetValidationMetadatas(IngressConfig, '', true, false)
    .filter((metadata) => metadata.propertyName === property && metadata.name === 'max')
    .map((metadata) => metadata.constraints[0] as number);
  expect(limits).toHaveLength(1);
  return limits[0];
}

/**
 * What a body of `bodyBytes` grows into on Kafka, at worst. The events carry what the body parsed into, written
 * out again by JSON.stringify, which takes at most three bytes per byte of the body (an invalid UTF-8 byte becomes
 * U+FFFD; an escape is as long written as read). message.ready carries the template's values twice (the Graph API
 * components and the rendered text), beside a template's own text, at most 1024 characters of three bytes.
 */
function largestEventBytes(bodyBytes: number): number {
  const route = { messageUuid: '0'.repeat(32), teamUuid: '00000000-0000-4000-8000-000000000000', channelUuid: '00000000-0000-4000-8000-000000000000', to: '+155500000000000' };
  const at = new Date().toISOString();
  const approved: MessageApprovedData = { ...route, request: {} as MessageApprovedData['request'], acceptedAt: at, approvedAt: at, assignee: 'x'.repeat(254) };
  const ready: MessageReadyData = { ...route, outbound: { kind: 'template', template: { name: 'x'.repeat(512), language: 'pt_BR', components: [] } }, renderedText: '' };
  const envelopes = [envelope(Topics.MessageApproved, approved, { requestId: 'x'.repeat(200) }), envelope(Topics.MessageReady, ready, { requestId: 'x'.repeat(200) })];
  const overhead = Math.max(...envelopes.map((event) => Buffer.byteLength(JSON.stringify(event))));
  return overhead + 2 * 3 * bodyBytes + 3 * 1024 + 1024;
}

describe('the body limit and the broker limit', () => {
  const brokerLimit = Number(broker.BROKER_SETTINGS['message.max.bytes']);

  it('match: the events of the largest body the ingress may be configured to take fit the broker and the topics', () => {
    const largestBody = maximumOf('HTTP_BODY_LIMIT');
    expect(largestBody).toBe(MAX_HTTP_BODY_LIMIT);
    expect(new IngressConfig().HTTP_BODY_LIMIT).toBeLessThanOrEqual(largestBody);

    expect(largestEventBytes(largestBody)).toBeLessThan(brokerLimit);
    expect(largestEventBytes(largestBody)).toBeLessThan(MAX_EVENT_BYTES);
    expect(brokerLimit).toBe(MAX_EVENT_BYTES);
  });

  it('leave room for a produce request: a request of small events stays below the record batch the broker takes', () => {
    expect(MAX_PRODUCE_REQUEST_BYTES).toBeLessThan(brokerLimit);
  });
});
