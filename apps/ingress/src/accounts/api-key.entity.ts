import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** An API key, stored as the SHA-256 of its secret: the secret itself is shown once, when it is created. */
@Entity({ name: 'api_keys' })
export class ApiKey {
  @PrimaryColumn('uuid')
  uuid: string;

  @Column('uuid')
  teamUuid: string;

  @Column('text')
  name: string;

  @Column('char', { length: 64, unique: true })
  secretHash: string;

  /** The first characters of the secret, so a person can tell their keys apart. */
  @Column('text')
  prefix: string;

  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
