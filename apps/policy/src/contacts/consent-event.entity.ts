import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * - `opt_out`: the customer wrote STOP (or the team opted them out);
 * - `opt_back_in`: the customer wrote START (or the team opted them back in);
 * - `request_opt_in`: a template request said the contact opted in (`optin_contact: true`). It records consent
 *   but does not undo the customer's own STOP.
 */
export type ConsentKind = 'opt_out' | 'opt_back_in' | 'request_opt_in';

/** Who changed the consent: the customer, by what they wrote, or the team, through the API or a template request. */
export type ConsentOrigin = 'customer' | 'team';

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

  /** The provider message id, Herald message uuid or API key (with the time) that said so. */
  @Column('text')
  source: string;

  @Column('text')
  origin: ConsentOrigin;
}
