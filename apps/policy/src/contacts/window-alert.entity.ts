import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The `contact.window_closing` alert of a contact's current window on a channel: one row per contact, moved to the
 * new window's end whenever the customer writes again, so an alert is never published for a window a later message
 * extended. `publishedAt` stays once it is set, so a message delivered again cannot make a second alert.
 */
@Entity({ name: 'window_alerts' })
export class WindowAlert {
  @PrimaryColumn('uuid')
  channelUuid: string;

  @PrimaryColumn('text')
  phone: string;

  /** The customer's last message, as far as the alert knows: the window runs 24 hours from it. */
  @Column('timestamptz')
  lastInboundAt: Date;

  @Column('timestamptz')
  closesAt: Date;

  /** When it is published: WINDOW_CLOSING_LEAD_MS before `closesAt`. */
  @Column('timestamptz')
  dueAt: Date;

  /** When it was published, or passed over because its window had closed already; null while it waits. */
  @Column('timestamptz', { nullable: true })
  publishedAt: Date | null;
}
