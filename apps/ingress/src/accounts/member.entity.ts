import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A person on a team: the valid values of `assigned_user`. */
@Entity({ name: 'members' })
export class Member {
  @PrimaryColumn('uuid')
  uuid: string;

  @Column('uuid')
  teamUuid: string;

  /** Lower-case, unique within the team. */
  @Column('text')
  email: string;

  @Column('text', { nullable: true })
  name: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
