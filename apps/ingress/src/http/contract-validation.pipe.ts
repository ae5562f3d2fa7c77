import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { checkContract, ErrorCodes } from '@herald/contracts';
import { HeraldError } from './herald-error';

/** Validates request bodies and queries with the shared contract classes, the same check the Kafka consumers run. */
@Injectable()
export class ContractValidationPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if ((metadata.type !== 'body' && metadata.type !== 'query') || !metadata.metatype || metadata.metatype === Object) {
      return value;
    }
    const check = checkContract(metadata.metatype as new () => object, value ?? {});
    if (!check.ok) {
      const what = metadata.type === 'body' ? 'The request is not a valid message' : 'The query is not valid';
      throw new HeraldError(ErrorCodes.ValidationFailed, what, check.problems);
    }
    return check.value;
  }
}
