/**
 * A query that locks the rows of `table` whose `key` (a char primary key) is in the array `$1`, in key order. A
 * statement that changes several rows at once takes its locks this way first (`WITH locked AS MATERIALIZED (...)`):
 * an UPDATE joined to its list locks rows in whatever order its plan visits them, and two such statements about the
 * same rows (a batch of statuses and one of send results) deadlocked, each a second's stall (deadlock_timeout) and
 * the loser's batch worked again.
 */
export const lockInKeyOrder = (table: string, key: string) =>
  `SELECT ${key} FROM ${table} WHERE ${key} = ANY($1::bpchar[]) ORDER BY ${key} FOR UPDATE`;
