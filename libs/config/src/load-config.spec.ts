import { IsString, MinLength } from 'class-validator';
import { BaseConfig } from './base.config';
import { ConfigError, loadConfig } from './load-config';

class ExampleConfig extends BaseConfig {
  override PORT: number = 4000;

  @MinLength(8)
  @IsString()
  SECRET: string;
}

describe('loadConfig', () => {
  it('applies the defaults and converts numbers', () => {
    const config = loadConfig(ExampleConfig, { SECRET: 'long-enough', KAFKA_TOPIC_PARTITIONS: '12' });
    expect(config).toMatchObject({
      PORT: 4000,
      KAFKA_TOPIC_PARTITIONS: 12,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/herald',
      KAFKA_BROKERS: '127.0.0.1:9092',
      SECRET: 'long-enough',
    });
  });

  it('names every bad or missing value, with what it got', () => {
    let error: unknown;
    try {
      loadConfig(ExampleConfig, { PORT: 'eighty', KAFKA_BROKERS: 'localhost', DATABASE_URL: 'mysql://x' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        'PORT must be a whole number (got "eighty")',
        expect.stringMatching(/^KAFKA_BROKERS .* \(got "localhost"\)$/),
        expect.stringMatching(/^DATABASE_URL .* \(got "mysql:\/\/x"\)$/),
        expect.stringMatching(/^SECRET .* \(not set\)$/),
      ]),
    );
    expect(problems).toHaveLength(4);
  });

  it('treats an empty value as not set', () => {
    expect(loadConfig(ExampleConfig, { SECRET: 'long-enough', PORT: '' }).PORT).toBe(4000);
  });
});
