import { BaseConfig } from '@herald/config';

/** The ledger worker serves nothing but its health endpoints over HTTP. */
export class LedgerConfig extends BaseConfig {
  override PORT: number = 3004;
}
