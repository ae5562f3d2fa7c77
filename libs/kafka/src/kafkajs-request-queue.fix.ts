/**
 * kafkajs 2.2.4 (its last release) re-arms a 1 ms timer for ever on every broker connection, whether or not a
 * request waits: `scheduleCheckPendingRequests` computes a negative delay when nothing is throttled and schedules
 * itself again after each check (tulios/kafkajs#1556, #1604, #1704; the fix in #1667 was never released). Every
 * connection of every client then wakes its process a thousand times a second, idle or under load (the cost is in
 * docs/benchmarks.md).
 *
 * This replaces that one method with what it is meant to do: when requests wait, check again once the throttle
 * ends (or after kafkajs' own 10 ms when they wait for a free in-flight slot, which an answered request also
 * frees); when none waits, schedule nothing, since a new request that cannot go at once schedules its own check.
 * Loaded by @herald/kafka before any client exists; kafkajs-request-queue.fix.spec.ts fails when the replaced method
 * changes.
 */
interface RequestQueueInternals {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

/** kafkajs' interval for a queue that waits for an in-flight slot (CHECK_PENDING_REQUESTS_INTERVAL). */
const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require('kafkajs/src/network/requestQueue') as { prototype: RequestQueueInternals };

RequestQueue.prototype.scheduleCheckPendingRequests = function scheduleCheckPendingRequests(this: RequestQueueInternals): void {
  if (this.throttleCheckTimeoutId || this.pending.length === 0) return;
  const untilUnthrottled = this.throttledUntil - Date.now();
  this.throttleCheckTimeoutId = setTimeout(
    () => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    },
    untilUnthrottled > 0 ? untilUnthrottled : CHECK_PENDING_REQUESTS_INTERVAL_MS,
  );
};

export const kafkajsRequestQueueFixed = true;
