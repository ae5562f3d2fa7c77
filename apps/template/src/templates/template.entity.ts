import type { GraphTemplateComponent } from '@herald/whatsapp';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A WhatsApp message template, as last synced from its account. */
@Entity({ name: 'templates' })
export class Template {
  /** templateUuidFor(wabaId, name, language) */
  @PrimaryColumn('char', { length: 32 })
  uuid: string;

  @Column('text')
  wabaId: string;

  @Column('text')
  providerId: string;

  @Column('text')
  name: string;

  @Column('text')
  language: string;

  @Column('text')
  category: string;

  /** APPROVED, PENDING, REJECTED, PAUSED, DISABLED, IN_APPEAL */
  @Column('text')
  status: string;

  /** POSITIONAL (`{{1}}`) or NAMED (`{{first_name}}`) placeholders. */
  @Column('text')
  parameterFormat: 'POSITIONAL' | 'NAMED';

  /** Every component as Meta lists it: header, body, footer, buttons, carousel cards. */
  @Column('jsonb')
  components: GraphTemplateComponent[];

  @Column('timestamptz')
  syncedAt: Date;
}
