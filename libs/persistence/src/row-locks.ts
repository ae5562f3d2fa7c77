/**
 * A query that locks the rows of `table` whose `key` (a char primary key) is in the array `$1`, in key order. A
 * statement that changes several rows at once takes its locks this way first (`WITH locked AS MATERIALIZED (...)`):
 * an UPDATE joined to its list locks rows in whatever order its plan visits them, and two such statements about the
 * same rows (a batch of statuses and one of send results) deadlocked, each a second's stall (deadlock_timeout) and
 * the loser's batch worked again. `only`, a condition on the row, leaves the rows the statement would not change
 * unlocked: a row lock is a write (the row's page dirtied, a WAL record), and a row that changes meanwhile is judged
 * by its new version once its lock is free.
 */
export const lockInKeyOrder = (table: string, key: string, only?: string) =>
  `SELECT ${key} FROM ${table} WHERE ${key} = ANY($1::bpchar[])${only ? ` AND (${only})` : ''} ORDER BY ${key} FOR UPDATE`;
