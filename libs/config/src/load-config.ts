import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { flattenValidationErrors } from '@herald/contracts';
import { DEVELOPMENT_SETTINGS } from './development';

/** Thrown at start-up when the environment holds a bad or missing value; names every one of them. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads a service's configuration class from the environment: defaults come from the class's property
 * initialisers (and, in development mode, from DEVELOPMENT_SETTINGS), values are converted by the class's
 * decorators, and every problem is reported at once.
 */
export function loadConfig<T extends object>(
  schema: ClassConstructor<T>,
  environment: Record<string, string | undefined> = process.env,
): T {
  const given = Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== undefined && value !== ''));
  const defined = given.HERALD_ENV === 'development' ? { ...DEVELOPMENT_SETTINGS, ...given } : given;
  const config = plainToInstance(schema, defined, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: true, stopAtFirstError: true, validationError: { target: false } });
  if (errors.length > 0) {
    throw new ConfigError(
      // class-validator's sentences already start with the variable's name.
      flattenValidationErrors(errors).map(({ field, problem }) => `${problem}${describeValue(field, environment[field])}`),
    );
  }
  return config;
}

/** Settings whose value is a secret: a problem with one names its length, never its value. */
const secretSetting = /SECRET|TOKEN|PASSWORD|KEY/;

function describeValue(field: string, value: string | undefined): string {
  if (value === undefined || value === '') return ' (not set)';
  if (secretSetting.test(field)) return ` (got ${value.length} characters, not shown)`;
  return ` (got "${value.length > 60 ? `${value.slice(0, 57)}...` : value}")`;
}
