import { Injectable } from '@nestjs/common';
import { ErrorCodes } from '@herald/contracts';
import { WebhookUrlPolicyConfig } from '../config/ingress.config';
import { HeraldError } from '../http/herald-error';
import { checkWebhookUrl } from '@herald/webhooks';

/** Refuses an endpoint URL Herald would not deliver to: the same policy the notifier applies at each delivery. */
@Injectable()
export class WebhookUrlChecker {
  constructor(private readonly config: WebhookUrlPolicyConfig) {}

  /** Resolves when Herald may deliver to the URL; else a `webhook_url_refused` error that says why, on `field`. */
  async check(url: string, field = 'url'): Promise<void> {
    const verdict = await checkWebhookUrl(url, { allowPrivate: this.config.WEBHOOK_ALLOW_PRIVATE, allowedHosts: this.config.WEBHOOK_ALLOWED_HOSTS });
    if (!verdict.ok) {
      throw new HeraldError(ErrorCodes.WebhookUrlRefused, `The webhook URL is refused: it ${verdict.reason}`, [{ field, problem: verdict.reason }]);
    }
  }
}
