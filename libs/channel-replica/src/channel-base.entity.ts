import { Column, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * The columns every copy of a channel holds: the ingress's table, where channels are configured, and each service's
 * replica of it, kept from `channel.configured`. A service's entity extends it with only the columns it uses, so a
 * service that never calls WhatsApp holds no access token.
 */
export abstract class ChannelBase {
  @PrimaryColumn('uuid')
  uuid: string;

  @Column('uuid')
  teamUuid: string;

  @Column('boolean')
  active: boolean;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** A service's own columns of its replica: those its entity adds to the shared ones. */
export type ReplicaColumns<T extends ChannelBase> = Partial<Omit<T, keyof ChannelBase>>;
