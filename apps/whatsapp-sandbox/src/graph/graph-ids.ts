import { randomFillSync } from 'node:crypto';

/**
 * Random bytes for ids, drawn from a buffer refilled 4 KB at a time: a call to the system's generator per id costs
 * more than the rest of making it, and every send makes two. Callers turn the bytes into text at once (the buffer is
 * reused), which is all an id needs; nothing secret is made from them.
 */
const randomPool = Buffer.allocUnsafe(4096);
let randomPoolOffset = randomPool.length;

function randomBytes(count: number): Buffer {
  if (randomPoolOffset + count > randomPool.length) {
    randomFillSync(randomPool);
    randomPoolOffset = 0;
  }
  randomPoolOffset += count;
  return randomPool.subarray(randomPoolOffset - count, randomPoolOffset);
}

/**
 * A message id shaped like Meta's: `wamid.` and the base64 of a small protobuf-like record holding the recipient's
 * number and 18 random upper-case hex characters, so an 11-digit number gives the familiar `wamid.HBgL...`.
 */
export function newWamid(recipientWaId: string): string {
  const recipient = Buffer.from(recipientWaId, 'ascii');
  const random = Buffer.from(randomBytes(9).toString('hex').toUpperCase(), 'ascii');
  const record = Buffer.concat([
    Buffer.from([0x1c, 0x18, recipient.length]),
    recipient,
    Buffer.from([0x15, 0x02, 0x00, 0x11, 0x18, random.length]),
    random,
    Buffer.from([0x00]),
  ]);
  return `wamid.${record.toString('base64')}`;
}

/** Meta's per-request trace id, as found in every error answer (`A` and some base64url). */
export function newFbtraceId(): string {
  return `A${randomBytes(17).toString('base64url').slice(0, 22)}`;
}

/** A conversation id as status webhooks carry it: 32 hex characters. */
export function newConversationId(): string {
  return randomBytes(16).toString('hex');
}
