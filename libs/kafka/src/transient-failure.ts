/**
 * Whether an error says a dependency is unreachable for now (the database or the broker down, restarting, or
 * cut off) rather than that the work itself is wrong. Work failing this way is retried until the dependency is
 * back, never dead-lettered: an outage must delay messages, not lose them. Duck-typed over the error and its causes
 * (TypeORM wraps pg's errors in `driverError`; fetch and kafkajs in `cause`), so no driver is imported here.
 */
export function isTransientFailure(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const { code, name, message, retriable, driverError, cause, originalError } = error as {
    code?: unknown;
    name?: unknown;
    message?: unknown;
    retriable?: unknown;
    driverError?: unknown;
    cause?: unknown;
    originalError?: unknown;
  };
  if (typeof code === 'string' && (networkCodes.has(code) || postgresUnavailable.test(code))) return true;
  if (typeof name === 'string' && name.startsWith('KafkaJS') && (retriable === true || kafkaUnavailable.has(name))) return true;
  if (typeof message === 'string' && unavailableMessages.some((pattern) => pattern.test(message))) return true;
  return [driverError, cause, originalError].some((inner) => isTransientFailure(inner, depth + 1));
}

/**
 * Runs `step` until it succeeds or fails for good: a transient failure (see above) is tried again after a delay
 * growing from 200 ms to 5 s, however long the outage lasts; `onRetry` hears of each. For steps whose outcome must
 * not be forgotten once something irreversible happened (a call WhatsApp answered, a row already updated).
 */
export async function untilAvailable<T>(step: () => Promise<T>, onRetry: (error: unknown, delayMs: number) => void): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await step();
    } catch (error) {
      if (!isTransientFailure(error)) throw error;
      const delayMs = Math.min(5_000, 100 * 2 ** Math.min(attempt, 6));
      onRetry(error, delayMs);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** PostgreSQL's SQLSTATE classes 08 (connection exception), 57P (operator intervention: shutdown) and 53300. */
const postgresUnavailable = /^(08\w{3}|57P0[1-3]|53300)$/;

const kafkaUnavailable = new Set([
  'KafkaJSConnectionError',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSConnectionClosedError',
]);

const unavailableMessages = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /the database system is (starting up|shutting down)/i,
  /Client has encountered a connection error/i,
  /Connection is not established/i,
];
