import { Injectable, Logger } from '@nestjs/common';
import { ErrorCodes } from '@herald/contracts';
import { InternalServicesConfig } from '../config/ingress.config';
import { HeraldError } from '../http/herald-error';

export type InternalService = 'policy' | 'template';

/**
 * Calls the internal HTTP endpoints of Herald's other services (the policy's dry run, the template store), with the
 * internal API token. If one does not answer, the client hears 503 and may retry; nothing half-done is left behind,
 * as these are reads.
 */
@Injectable()
export class InternalServicesClient {
  private readonly logger = new Logger(InternalServicesClient.name);

  constructor(private readonly config: InternalServicesConfig) {}

  async call<T>(service: InternalService, path: string, init: { method?: 'GET' | 'POST'; body?: unknown } = {}): Promise<T> {
    const base = (service === 'policy' ? this.config.POLICY_URL : this.config.TEMPLATE_URL).replace(/\/$/, '');
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          authorization: `Bearer ${this.config.INTERNAL_API_TOKEN}`,
          ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      this.logger.error(`the ${service} service did not answer ${path}: ${(error as Error).message}`);
      throw unavailable(service);
    }
    if (!response.ok) {
      this.logger.error(`the ${service} service answered ${path} with HTTP ${response.status}`);
      throw unavailable(service);
    }
    return (await response.json()) as T;
  }
}

const unavailable = (service: InternalService) =>
  new HeraldError(ErrorCodes.ServiceUnavailable, `The ${service} service cannot answer right now; retry later`, undefined, 5);
