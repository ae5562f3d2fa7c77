import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import { ErrorCodes } from '@herald/contracts';
import type { AuthenticatedRequest } from '../accounts/api-key.guard';
import { HeraldError } from './herald-error';

/**
 * The request rate limit, per API key, so one busy client does not slow another team down; a request without a valid
 * key counts against its address (`request.ip`: the peer, or what a proxy listed in TRUST_PROXY says). ApiKeyGuard
 * counts each request here once it has looked up the key; this is not a global guard of its own. Health probes and
 * provider webhooks (@Public) are not counted: WhatsApp retries what it cannot deliver. Each ingress replica counts
 * on its own.
 */
@Injectable()
export class ApiKeyThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const team = (request as Partial<AuthenticatedRequest>).team;
    return team ? `key:${team.apiKeyUuid}` : `ip:${String(request.ip)}`;
  }

  /**
   * The throttler's own key, per route, API key and limit, without the SHA-256 the library makes of it for every
   * request (1.5% of the ingress's busy time under load): a tracker here is a key's uuid or an address, so the key
   * stays short and unambiguous as it is.
   */
  protected override generateKey(context: ExecutionContext, tracker: string, throttler: string): string {
    return `${context.getClass().name}-${context.getHandler().name}-${throttler}-${tracker}`;
  }

  protected override async throwThrottlingException(_context: ExecutionContext, limit: ThrottlerLimitDetail): Promise<void> {
    throw new HeraldError(
      ErrorCodes.RateLimited,
      `Too many requests: at most ${limit.limit} per ${limit.ttl / 1000} s for this API key`,
      undefined,
      Math.max(1, Math.ceil(limit.timeToBlockExpire)),
    );
  }
}
