import { ClassConstructor, plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { GraphApiError } from './graph-api.error';

/**
 * Checks a request body or query against a DTO class the way the Graph API does: nothing is coerced, fields the
 * DTO does not name are left alone, and every problem goes into the one `(#100) Invalid parameter` answer.
 */
export function validateGraphInput<T extends object>(
  dto: ClassConstructor<T>,
  input: unknown,
  what: string,
): T {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw GraphApiError.invalidParameter(`The ${what} must be a JSON object`);
  }
  const value = plainToInstance(dto, input, { enableImplicitConversion: false, exposeDefaultValues: true });
  const errors = validateSync(value, {
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
  });
  if (errors.length > 0) {
    throw GraphApiError.invalidParameter(describeProblems(errors).join('; '));
  }
  return value;
}

/**
 * One problem per field, the most telling one: a missing value first, then the decorator written first on the
 * property (class-validator runs the others bottom-up, so that is the last reported), and a nested object's own
 * problems rather than "nested property must be an object" once it is one.
 */
function describeProblems(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const constraints = Object.entries(error.constraints ?? {});
    const chosen =
      constraints.find(([name]) => name === 'isDefined') ??
      constraints.filter(([name]) => name !== 'nestedValidation').at(-1) ??
      constraints.at(-1);
    const own = chosen ? [`${field} ${withoutPropertyName(field, chosen[1])}`] : [];
    return [...own, ...describeProblems(error.children ?? [], field)];
  });
}

/** class-validator's own messages start with the property name ("body must be a string"); the path replaces it. */
function withoutPropertyName(field: string, problem: string): string {
  const property = field.slice(field.lastIndexOf('.') + 1);
  return problem.startsWith(`${property} `) ? problem.slice(property.length + 1) : problem;
}
