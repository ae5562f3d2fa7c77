/** The PostgreSQL schema of the ledger's tables; the ledger worker's migrations create it. */
export const LEDGER_SCHEMA = 'ledger';
