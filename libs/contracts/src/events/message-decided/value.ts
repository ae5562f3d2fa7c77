import { IsIn, IsISO8601 } from 'class-validator';
import { EnvelopeOf } from '../event-envelope';
import { MessageRoute } from '../message-route';

export const operatorDecisions = ['resend', 'abandon'] as const;
export type OperatorDecision = (typeof operatorDecisions)[number];

/**
 * An operator decided what becomes of a send held as `outcome_unknown`: send it again (it may then reach the
 * customer twice), or give it up (it ends `failed`, `abandoned_by_operator`).
 */
export class MessageDecidedData extends MessageRoute {
  @IsIn(operatorDecisions)
  decision: OperatorDecision;

  @IsISO8601({ strict: true })
  decidedAt: string;
}

export class MessageDecidedEvent extends EnvelopeOf(MessageDecidedData) {}
