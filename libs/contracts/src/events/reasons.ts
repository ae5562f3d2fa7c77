import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, ValidateNested } from 'class-validator';
import { failureCodes, FailureCode, rejectionCodes, RejectionCode, warningCodes, WarningCode } from '../messages/reason-codes';
import { MessageRoute } from './message-route';

/** Why a message was refused before it was sent. */
export class RejectionReason {
  @IsIn(rejectionCodes)
  code: RejectionCode;

  /** One human sentence. */
  @IsString()
  message: string;
}

/** Why a send failed or is held. */
export class FailureReason {
  /** A stable, machine-readable reason code, such as `provider_rejected`. */
  @IsIn(failureCodes)
  code: FailureCode;

  /** One human sentence. */
  @IsString()
  message: string;

  @IsOptional()
  @IsInt()
  providerCode?: number;
}

/** Something about a message worth telling the client although it is sent, such as an assignment that failed. */
export class MessageWarning {
  @IsIn(warningCodes)
  code: WarningCode;

  @IsString()
  message: string;
}

/** A message whose send failed or is held, and why: what message.failed and message.held both say. */
export class UnsentMessage extends MessageRoute {
  @ValidateNested()
  @Type(() => FailureReason)
  reason: FailureReason;
}
