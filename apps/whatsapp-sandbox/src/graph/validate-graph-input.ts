import { flattenValidationErrors } from '@herald/contracts';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { GraphApiError } from './graph-api.error';

/**
 * Checks a request body or query against a DTO class the way the Graph API does: nothing is coerced, fields the
 * DTO does not name are left alone, and every problem goes into the one `(#100) Invalid parameter` answer.
 */
export function validateGraphInput<T extends object>(dto: ClassConstructor<T>, input: unknown, what: string): T {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw GraphApiError.invalidParameter(`The ${what} must be a JSON object`);
  }
  const value = plainToInstance(dto, input, { enableImplicitConversion: false, exposeDefaultValues: true });
  const errors = validateSync(value, { forbidUnknownValues: true, validationError: { target: false, value: false } });
  if (errors.length > 0) {
    const problems = flattenValidationErrors(errors).map(({ field, problem }) => `${field} ${problem}`);
    throw GraphApiError.invalidParameter([...new Set(problems)].join('; '));
  }
  return value;
}
