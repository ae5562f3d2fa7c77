import { Injectable } from '@nestjs/common';
import { Topics } from '@herald/contracts';
import { ConsumerLag } from '@herald/kafka';

/**
 * Up to when the dispatcher has processed every status webhook: a send whose outcome is unknown may be sent again
 * only once every status published before its reconcile window ended has been processed (a webhook naming it would
 * have settled it), however long the status pipeline was held up (a restart, a broker outage). Snapshots of the
 * topic's end offsets are taken while such sends wait; the watermark is the newest snapshot the group's committed
 * offsets have reached on every partition.
 */
/**
 * Snapshots kept at most: ten minutes of them at the sweep's one a second. A caller asking more often must not grow
 * the list without bound; dropping the oldest only makes the watermark later, never earlier, so resends wait longer.
 */
export const MAX_STATUS_SNAPSHOTS = 600;

@Injectable()
export class StatusWatermark {
  private snapshots: Array<{ at: Date; ends: Map<number, number> }> = [];

  constructor(private readonly lag: ConsumerLag) {}

  /** The time up to which every published status event is processed; null when the broker cannot tell yet. */
  async caughtUpTo(): Promise<Date | null> {
    const at = new Date();
    const { ends, committed } = await this.lag.positions(Topics.MessageStatus);
    this.snapshots.push({ at, ends });
    let reached: Date | null = null;
    for (const snapshot of this.snapshots) {
      if ([...snapshot.ends].every(([partition, end]) => (committed.get(partition) ?? 0) >= end)) reached = snapshot.at;
    }
    // Snapshots older than the one reached are of no more use; ten minutes of them at most are kept.
    this.snapshots = this.snapshots
      .filter((snapshot) => (!reached || snapshot.at >= reached) && at.getTime() - snapshot.at.getTime() < 600_000)
      .slice(-MAX_STATUS_SNAPSHOTS);
    return reached;
  }
}
