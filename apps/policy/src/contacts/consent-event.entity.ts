import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * - `opt_out`: the customer wrote STOP (or the team opted them out);
 * - `opt_back_in`: the customer wrote START;
 * - `request_opt_in`: a template request said the contact opted in (`optin_contact: true`). It records consent
 *   but does not undo the customer's own STOP.
 */
export type ConsentKind = 'opt_out' | 'opt_back_in' | 'request_opt_in';

@Entity({ name: 'consent_events' })
export class ConsentEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column('uuid')
  channelUuid: string;

  @Column('text')
  phone: string;

  @Column('text')
  kind: ConsentKind;

  @Column('timestamptz')
  at: Date;

  /** The provider message id or Herald message uuid that said so. */
  @Column('text')
  source: string;
}
