import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { checkContract, ErrorCodes } from '@herald/contracts';
import { HeraldError } from './herald-error';

const primitives = new Set<unknown>([String, Number, Boolean, Array, Object]);

/** Validates request bodies and queries with the shared contract classes, the same check the Kafka consumers run. */
@Injectable()
export class ContractValidationPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const contract = metadata.metatype;
    // Only whole bodies and queries described by a contract class; a single named value (`@Query('hub.mode')`) is
    // a plain string for its handler to judge.
    if ((metadata.type !== 'body' && metadata.type !== 'query') || metadata.data || !contract || primitives.has(contract)) {
      return value;
    }
    const check = checkContract(contract as new () => object, value ?? {});
    if (!check.ok) {
      const what = metadata.type === 'body' ? 'The request is not a valid message' : 'The query is not valid';
      throw new HeraldError(ErrorCodes.ValidationFailed, what, check.problems);
    }
    return check.value;
  }
}
