import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { flattenValidationErrors } from '@herald/contracts';

const secrets = new WeakMap<object, Set<string | symbol>>();

/** A setting whose value a configuration error never repeats (a password, a key). */
export function Secret(): PropertyDecorator {
  return (target, property) => {
    secrets.set(target, new Set([...(secrets.get(target) ?? []), property]));
  };
}

function isSecret(schema: ClassConstructor<object>, field: string): boolean {
  for (let prototype = schema.prototype as object | null; prototype; prototype = Object.getPrototypeOf(prototype) as object | null) {
    if (secrets.get(prototype)?.has(field)) return true;
  }
  return false;
}

/** Thrown at start-up when the environment holds a bad or missing value; names every one of them. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads a service's configuration class from the environment: defaults come from the class's property
 * initialisers, values are converted by the class's decorators, and every problem is reported at once.
 */
export function loadConfig<T extends object>(
  schema: ClassConstructor<T>,
  environment: Record<string, string | undefined> = process.env,
): T {
  const defined = Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== undefined && value !== ''));
  const config = plainToInstance(schema, defined, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: true, stopAtFirstError: true, validationError: { target: false } });
  if (errors.length > 0) {
    throw new ConfigError(
      // class-validator's sentences already start with the variable's name.
      flattenValidationErrors(errors).map(({ field, problem }) => `${problem}${isSecret(schema, field) ? '' : describeValue(environment[field])}`),
    );
  }
  return config;
}

function describeValue(value: string | undefined): string {
  if (value === undefined || value === '') return ' (not set)';
  return ` (got "${value.length > 60 ? `${value.slice(0, 57)}...` : value}")`;
}
