import { Logger } from '@nestjs/common';
import { LogEntry, logLevel } from 'kafkajs';
import { kafkaLogCreator, kafkaLogMethod, TRANSIENT_KAFKA_ERRORS, transientErrorMessages } from './kafka-logger';

const entry = (level: logLevel, namespace: string, log: Record<string, unknown>): LogEntry => ({
  level,
  namespace,
  label: logLevel[level],
  log: { timestamp: '2026-01-01T00:00:00.000Z', logger: 'kafkajs', message: '', ...log },
});

describe('kafkajs log levels', () => {
  it("finds every transient error's sentence in kafkajs' table (fails if kafkajs renames one)", () => {
    expect(transientErrorMessages.size).toBe(TRANSIENT_KAFKA_ERRORS.length);
  });

  it.each([
    ['no leader yet', 'Response Metadata(key: 3, version: 6)', 'There is no leader for this topic-partition as we are in the middle of a leadership election'],
    ['no coordinator yet', 'Response GroupCoordinator(key: 10, version: 2)', 'The group coordinator is not available'],
    ['a coordinator that moved', 'Response Heartbeat(key: 12, version: 3)', 'This is not the correct coordinator for this group'],
    ['a coordinator still loading', 'Response OffsetFetch(key: 9, version: 4)', "The coordinator is loading and hence can't process requests for this group"],
    ['a rebalance', 'Response JoinGroup(key: 11, version: 5)', 'The group is rebalancing, so a rejoin is needed'],
  ])('logs a response error about %s, which kafkajs retries, as a warning', (_case, message, error) => {
    expect(kafkaLogMethod(entry(logLevel.ERROR, 'Connection', { message, error }))).toBe('warn');
  });

  it('logs a produce retry after a leader election as a warning', () => {
    const message = 'Failed to send messages: This server is not the leader for that topic-partition';
    expect(kafkaLogMethod(entry(logLevel.ERROR, 'Producer', { message, retryCount: 0 }))).toBe('warn');
  });

  it.each([
    ['a missing topic', 'Connection', { message: 'Response Metadata(key: 3, version: 6)', error: 'This server does not host this topic-partition' }],
    ['refused credentials', 'SASLSCRAMAuthenticator', { message: 'SASL SCRAM SHA512 authentication failed: invalid credentials' }],
    ['a consumer that gave up', 'Consumer', { message: 'Crash: KafkaJSNumberOfRetriesExceeded: The group coordinator is not available' }],
    ['an unreachable broker', 'BrokerPool', { message: 'Failed to connect to seed broker, trying another broker from the list: Connection error' }],
  ])('keeps %s at error', (_case, namespace, log) => {
    expect(kafkaLogMethod(entry(logLevel.ERROR, namespace, log))).toBe('error');
  });

  it("keeps kafkajs' other levels", () => {
    expect([logLevel.WARN, logLevel.INFO, logLevel.DEBUG].map((level) => kafkaLogMethod(entry(level, 'Consumer', { message: 'x' })))).toEqual(['warn', 'log', 'debug']);
  });

  it("writes one line through the service's logger, without kafkajs' ERROR label or its timestamp", () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      kafkaLogCreator(logLevel.WARN)(
        entry(logLevel.ERROR, 'Connection', { message: 'Response GroupCoordinator(key: 10, version: 2)', error: 'The group coordinator is not available', correlationId: 2 }),
      );
      expect(warn).toHaveBeenCalledWith('[Connection] Response GroupCoordinator(key: 10, version: 2) {"error":"The group coordinator is not available","correlationId":2}');
    } finally {
      warn.mockRestore();
    }
  });
});
