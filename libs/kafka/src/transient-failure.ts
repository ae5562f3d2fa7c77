import { ExponentialBackoff, halfJitterGenerator, handleWhen, IExponentialBackoffOptions, retry } from 'cockatiel';

/**
 * Whether an error says a dependency is unreachable or overwhelmed for now (the database or the broker down,
 * restarting or cut off; a deadlock, a serialization failure, a statement timeout, a full disk) rather than that the
 * work itself is wrong. Work failing this way is retried until the dependency is
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
  if (typeof code === 'string' && (networkCodes.has(code) || postgresUnavailable.test(code) || postgresBusy.has(code))) return true;
  if (typeof name === 'string' && name.startsWith('KafkaJS') && (retriable === true || kafkaUnavailable.has(name))) return true;
  if (typeof message === 'string' && unavailableMessages.some((pattern) => pattern.test(message))) return true;
  return [driverError, cause, originalError].some((inner) => isTransientFailure(inner, depth + 1));
}

/**
 * Herald's one backoff, cockatiel's exponential one: each wait is twice the one before, up to `maxDelayMs`, drawn
 * between half of it and all of it, so that the retries of many messages spread out and none comes back at once.
 */
export function retryBackoff(initialDelayMs: number, maxDelayMs: number): ExponentialBackoff<number> {
  return new ExponentialBackoff(backoffOptions(initialDelayMs, maxDelayMs));
}

/**
 * The same backoff's wait before retry number `retry` (from 1), for work that counts its attempts itself (a send
 * waiting in a table) rather than in one call's loop. A generator's state is the number of waits before.
 */
export function retryDelay(retry: number, initialDelayMs: number, maxDelayMs: number): number {
  const options = backoffOptions(initialDelayMs, maxDelayMs);
  const [delayMs] = options.generator(retry - 1, options);
  return delayMs;
}

function backoffOptions(initialDelayMs: number, maxDelayMs: number): IExponentialBackoffOptions<number> {
  return { generator: halfJitterGenerator, initialDelay: initialDelayMs, maxDelay: maxDelayMs, exponent: 2 };
}

/**
 * Runs `step` until it succeeds or fails for good: a transient failure (see above) is tried again after a wait
 * growing from about 200 ms to 5 s, however long the outage lasts; `onRetry` hears of each. For steps whose outcome
 * must not be forgotten once something irreversible happened (a call WhatsApp answered, a row already updated).
 */
export function untilAvailable<T>(step: () => Promise<T>, onRetry: (error: unknown, delayMs: number) => void): Promise<T> {
  const policy = retry(handleWhen(isTransientFailure), { maxAttempts: Infinity, backoff: retryBackoff(200, 5_000) });
  policy.onRetry((failure) => onRetry('error' in failure ? failure.error : failure.value, failure.delay));
  return policy.execute(() => step());
}

const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** PostgreSQL's SQLSTATE classes 08 (connection exception), 57P (operator intervention: shutdown) and 53300. */
const postgresUnavailable = /^(08\w{3}|57P0[1-3]|53300)$/;

/**
 * PostgreSQL's SQLSTATEs for work that fails for the moment and succeeds when tried again: concurrency (40001
 * serialization failure, 40P01 deadlock, 55P03 lock timeout), 57014 a statement timeout (or cancel), and class 53,
 * insufficient resources (53000, 53100 disk full, 53200 out of memory; 53300 too many connections is above).
 */
const postgresBusy = new Set(['40001', '40P01', '55P03', '57014', '53000', '53100', '53200']);

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
