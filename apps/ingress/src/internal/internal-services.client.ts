import { Injectable, Logger } from '@nestjs/common';
import { ErrorCodes } from '@herald/contracts';
import { InternalServicesConfig } from '../config/ingress.config';
import { HeraldError } from '../http/herald-error';

export type InternalService = 'policy' | 'template' | 'dispatcher';

/** How long a service has to start its answer; a streamed answer's body is then bounded by the service's own timeouts. */
const ANSWER_TIMEOUT_MS = 10_000;

export interface InternalRequest {
  method?: 'GET' | 'POST';
  /** JSON, or a file's bytes (sent as `application/octet-stream`). */
  body?: unknown;
  /** How long to wait for the answer's headers (default 10 s). */
  timeoutMs?: number;
}

/**
 * Calls the internal HTTP endpoints of Herald's other services (the policy's dry run, the template store, the
 * dispatcher's Graph API calls), with the internal API token. If one does not answer, the client hears 503 and may
 * retry.
 */
@Injectable()
export class InternalServicesClient {
  private readonly logger = new Logger(InternalServicesClient.name);

  constructor(private readonly config: InternalServicesConfig) {}

  /** A JSON call whose every answer but a 2xx is the service being unavailable. */
  async call<T>(service: InternalService, path: string, init: InternalRequest = {}): Promise<T> {
    const response = await this.request(service, path, init);
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      this.logger.error(`the ${service} service answered ${path} with HTTP ${response.status}`);
      throw unavailable(service);
    }
    return (await response.json()) as T;
  }

  /**
   * The service's answer as it comes, whatever its status, its body not yet read (a stream, for a media): only no
   * answer at all is thrown, as the service being unavailable.
   */
  async request(service: InternalService, path: string, init: InternalRequest = {}): Promise<Response> {
    const base = this.baseOf(service).replace(/\/$/, '');
    const binary = Buffer.isBuffer(init.body);
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new Error('timed out')), init.timeoutMs ?? ANSWER_TIMEOUT_MS);
    try {
      return await fetch(`${base}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          authorization: `Bearer ${this.config.INTERNAL_API_TOKEN}`,
          ...(init.body !== undefined ? { 'content-type': binary ? 'application/octet-stream' : 'application/json' } : {}),
        },
        ...(init.body !== undefined ? { body: binary ? (init.body as Buffer) : JSON.stringify(init.body) } : {}),
        signal: abort.signal,
      });
    } catch (error) {
      this.logger.error(`the ${service} service did not answer ${path.split('?')[0]}: ${(error as Error).message}`);
      throw unavailable(service);
    } finally {
      // The headers are in: a body streamed from here on is not cut off by the wait for them.
      clearTimeout(timer);
    }
  }

  private baseOf(service: InternalService): string {
    switch (service) {
      case 'policy':
        return this.config.POLICY_URL;
      case 'template':
        return this.config.TEMPLATE_URL;
      case 'dispatcher':
        return this.config.DISPATCHER_URL;
    }
  }
}

export const unavailable = (service: InternalService) =>
  new HeraldError(ErrorCodes.ServiceUnavailable, `The ${service} service cannot answer right now; retry later`, undefined, 5);
