import { Injectable } from '@nestjs/common';
import { Observable } from 'rxjs';

/**
 * The Kafka consumer's last reported state. kafkajs restarts a consumer after a retriable crash (it reports
 * connected again); after a non-retriable one it leaves it stopped, and BatchKafkaServer runs it again with a
 * growing wait. Until it is back the service does not report ready, so no traffic is routed to a replica that
 * consumes nothing.
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
