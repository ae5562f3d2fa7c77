import { BaseConfig, loadConfig } from '@herald/config';
import { logLevel } from 'kafkajs';
import { kafkaClientConfig } from './kafka.options';

describe('kafkaClientConfig', () => {
  it("logs kafkajs' warnings and errors, and nothing at LOG_LEVEL=silent (the CLI's, whose errors are one line)", () => {
    expect(kafkaClientConfig(loadConfig(BaseConfig, {}), 'test').logLevel).toBe(logLevel.WARN);
    expect(kafkaClientConfig(loadConfig(BaseConfig, { LOG_LEVEL: 'silent' }), 'test').logLevel).toBe(logLevel.NOTHING);
  });
});
