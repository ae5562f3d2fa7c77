import { setTimeout as sleep } from 'node:timers/promises';

/** Holds a Graph API answer back, standing in for the real API's round trip (`SANDBOX_RESPONSE_LATENCY_MS`). */
export async function simulateLatency(ms: number): Promise<void> {
  if (ms > 0) await sleep(ms);
}
