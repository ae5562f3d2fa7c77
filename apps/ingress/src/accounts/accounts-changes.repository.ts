import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { BaseConfig } from '@herald/config';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

/** The PostgreSQL channel every change to keys or channels is announced on, by whichever process made it. */
export const ACCOUNTS_CHANGED = 'herald_accounts_changed';

/** What a listener hears on its connection. */
export interface AccountsChangesEvents {
  /** The connection is open and listening: every change announced from now on is heard. */
  listening(): void;
  /** A change was announced. */
  changed(): void;
  /** The connection could not be opened, failed or ended: nothing more is heard on it. */
  lost(reason: string): void;
}

export interface AccountsChangesListener {
  close(): Promise<void>;
}

/** Announcing changes to accounts, and hearing them, across every ingress replica and the CLI (NOTIFY / LISTEN). */
@Injectable()
export class AccountsChangesRepository {
  constructor(
    private readonly config: BaseConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async announce(): Promise<void> {
    await this.dataSource.query(`NOTIFY ${ACCOUNTS_CHANGED}`);
  }

  /** Listens on a connection of its own: the pool's connections are shared, and LISTEN holds one for good. */
  listen(events: AccountsChangesEvents): AccountsChangesListener {
    const client = new Client({ connectionString: this.config.DATABASE_URL });
    client.on('notification', () => events.changed());
    client.on('error', (error) => events.lost(error.message));
    client.on('end', () => events.lost('connection ended'));
    client
      .connect()
      .then(() => client.query(`LISTEN ${ACCOUNTS_CHANGED}`))
      .then(() => events.listening())
      .catch((error: Error) => events.lost(error.message));
    return { close: () => client.end().catch(() => undefined) };
  }
}
