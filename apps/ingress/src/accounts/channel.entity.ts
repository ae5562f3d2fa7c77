import type { ChannelIntegration, SealedSecret } from '@herald/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A team's WhatsApp number and the credentials to send through it. */
@Entity({ name: 'channels' })
export class Channel {
  @PrimaryColumn('uuid')
  uuid: string;

  @Column('uuid')
  teamUuid: string;

  @Column('text')
  type: 'whatsapp';

  @Column('text')
  name: string;

  /** The team's channel used when a request names only the channel type (`from: "whatsapp"`). */
  @Column('boolean')
  isDefault: boolean;

  @Column('text')
  phoneNumberId: string;

  @Column('text')
  wabaId: string;

  /** Sealed under HERALD_SECRET_KEY by the CLI; the ingress passes it on as it is and cannot open it. */
  @Column('text')
  accessTokenSealed: SealedSecret;

  @Column('boolean', { default: true })
  active: boolean;

  /** Audio, video and templates need the official WhatsApp Business API integration. */
  @Column('text', { default: 'whatsapp_business_api' })
  integration: ChannelIntegration;

  /** Templates go out in this language when the request names none and the template has it. */
  @Column('text', { default: 'en_US' })
  language: string;

  /** The number's WhatsApp throughput limit, which every dispatcher replica together respects. */
  @Column('int', { default: 80 })
  messagesPerSecond: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
