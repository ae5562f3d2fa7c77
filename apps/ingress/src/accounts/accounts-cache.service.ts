import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { AccountsChangesListener, AccountsChangesRepository } from './accounts-changes.repository';

/**
 * How long a lookup that found nothing is remembered: a client repeating a bad or revoked key costs no query each
 * time. A change announced (a key or channel created) forgets it at once, so this only bounds how often one is asked.
 */
const NOT_FOUND_TTL_MS = 10_000;

/**
 * Keeps the API keys and channels the hot path looks up on every request, so a send costs no lookups; and, apart
 * and for less long, the ones not found, so that a stream of distinct bad keys never pushes out the good ones. Any
 * change to accounts, from any ingress replica or the CLI, is announced with NOTIFY and empties every
 * replica's cache at once; while this replica is not listening (not connected yet, or the connection dropped)
 * nothing is served from the cache, so a revoked key never outlives its revocation.
 */
@Injectable()
export class AccountsCache implements OnApplicationShutdown {
  private readonly logger = new Logger(AccountsCache.name);
  private readonly entries = new LRUCache<string, object>({ max: 10_000, ttl: 60_000 });
  private readonly notFound = new LRUCache<string, true>({ max: 10_000, ttl: NOT_FOUND_TTL_MS });
  /** Bumped by every change announced, so a lookup that raced a change does not keep what it found. */
  private generation = 0;
  private listener: AccountsChangesListener | undefined;
  private listening = false;
  private reconnect: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(@Inject(AccountsChangesRepository) private readonly changes: Pick<AccountsChangesRepository, 'listen'>) {}

  /** The cached value, or the one `load` finds (and, found or not, remembered). */
  async get<T extends object>(key: string, load: () => Promise<T | null>): Promise<T | null> {
    this.listen();
    if (this.listening) {
      const cached = this.entries.get(key) as T | undefined;
      if (cached) return cached;
      if (this.notFound.has(key)) return null;
    }
    const generation = this.generation;
    const value = await load();
    // Not when a change was announced while loading: the value may predate it.
    if (this.listening && generation === this.generation) {
      if (value) this.entries.set(key, value);
      else this.notFound.set(key, true);
    }
    return value;
  }

  onApplicationShutdown(): Promise<void> | void {
    this.closed = true;
    clearTimeout(this.reconnect);
    return this.listener?.close();
  }

  private clear(): void {
    this.generation += 1;
    this.entries.clear();
    this.notFound.clear();
  }

  private listen(): void {
    if (this.listener || this.closed) return;
    const listener: AccountsChangesListener = this.changes.listen({
      listening: () => {
        this.clear();
        this.listening = true;
      },
      changed: () => this.clear(),
      lost: (reason) => {
        if (this.listener !== listener) return;
        this.listening = false;
        this.listener = undefined;
        this.clear();
        void listener.close();
        if (!this.closed) {
          this.logger.warn(`account changes are not heard (${reason}); caching off until listening again`);
          this.reconnect = setTimeout(() => this.listen(), 5_000);
        }
      },
    });
    this.listener = listener;
  }
}
