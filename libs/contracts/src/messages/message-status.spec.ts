import { canMoveTo, MessageStatus } from './message-status';

describe('canMoveTo', () => {
  const { Enqueued, Held, Sent, Delivered, Read, Failed, Rejected } = MessageStatus;

  it.each([
    [Enqueued, Sent],
    [Enqueued, Delivered],
    [Sent, Delivered],
    [Sent, Read],
    [Delivered, Read],
    [Enqueued, Failed],
    [Sent, Failed],
    [Enqueued, Held],
    [Held, Sent],
    [Held, Rejected],
    [Held, Failed],
  ])('moves forward from %s to %s', (from, to) => {
    expect(canMoveTo(from, to)).toBe(true);
  });

  it.each([
    [Read, Delivered],
    [Delivered, Sent],
    [Read, Sent],
    [Sent, Sent],
    [Delivered, Failed],
    [Read, Failed],
    [Failed, Sent],
    [Rejected, Sent],
    [Sent, Held],
    [Held, Enqueued],
    [Rejected, Held],
  ])('never moves back from %s to %s', (from, to) => {
    expect(canMoveTo(from, to)).toBe(false);
  });
});
