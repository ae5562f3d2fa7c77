import { Injectable } from '@nestjs/common';
import { Observable } from 'rxjs';

/**
 * The Kafka consumer's last reported state. kafkajs restarts a consumer after a retriable crash (it reports
 * connected again); after a non-retriable one it stays down, and the service must stop reporting ready so that it
 * is restarted instead of sitting idle.
 */
@Injectable()
export class ConsumerStatus {
  private current = 'starting';

  track(status: Observable<string>): void {
    status.subscribe((next) => {
      this.current = next;
    });
  }

  get crashed(): boolean {
    return this.current === 'crashed';
  }

  get state(): string {
    return this.current;
  }
}
