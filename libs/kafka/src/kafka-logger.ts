import { createRequire } from 'node:module';
import { Logger } from '@nestjs/common';
import { LogEntry, logCreator, logLevel } from 'kafkajs';

/**
 * Protocol errors a healthy cluster answers for a moment: while a broker starts or a topic is new (no leader, no
 * group coordinator yet) and whenever a consumer group rebalances. kafkajs retries them itself, and logs each try
 * at error.
 */
export const TRANSIENT_KAFKA_ERRORS = [
  'LEADER_NOT_AVAILABLE',
  'NOT_LEADER_FOR_PARTITION',
  'GROUP_COORDINATOR_NOT_AVAILABLE',
  'NOT_COORDINATOR_FOR_GROUP',
  'GROUP_LOAD_IN_PROGRESS',
  'REBALANCE_IN_PROGRESS',
] as const;

/** kafkajs' table of Kafka's error codes, whose sentences are what its log entries carry. */
const { errorCodes } = createRequire(__filename)('kafkajs/src/protocol/error') as {
  errorCodes: Array<{ type: string; message: string }>;
};

export const transientErrorMessages: ReadonlySet<string> = new Set(
  errorCodes.filter(({ type }) => (TRANSIENT_KAFKA_ERRORS as readonly string[]).includes(type)).map(({ message }) => message),
);

/** A kafkajs entry about one of the transient errors, in the forms kafkajs logs them: a response, a produce retry. */
function isTransient({ log }: LogEntry): boolean {
  const error: unknown = log.error;
  if (typeof error === 'string' && transientErrorMessages.has(error)) return true;
  return transientErrorMessages.has(log.message) || transientErrorMessages.has(log.message.replace(/^Failed to send messages: /, ''));
}

/** The level Herald logs a kafkajs entry at: its own, except the transient errors, which are warnings. */
export function kafkaLogMethod(entry: LogEntry): 'error' | 'warn' | 'log' | 'debug' {
  switch (entry.level) {
    case logLevel.ERROR:
    case logLevel.NOTHING:
      return isTransient(entry) ? 'warn' : 'error';
    case logLevel.WARN:
      return 'warn';
    case logLevel.INFO:
      return 'log';
    default:
      return 'debug';
  }
}

/**
 * kafkajs' log through the service's logger (pino), one line per entry, at the level kafkaLogMethod gives it.
 * Unlike Nest's own Kafka logger, the line does not start with kafkajs' level label, which would say ERROR on a
 * line logged as a warning.
 */
export const kafkaLogCreator: logCreator = () => {
  const logger = new Logger('kafkajs');
  return (entry) => {
    const { message, timestamp: _timestamp, logger: _name, ...details } = entry.log;
    const extra = Object.keys(details).length > 0 ? ` ${JSON.stringify(details)}` : '';
    logger[kafkaLogMethod(entry)](`[${entry.namespace}] ${message}${extra}`);
  };
};
