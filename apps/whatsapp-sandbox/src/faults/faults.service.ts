import { BadRequestException, Injectable } from '@nestjs/common';
import { SandboxConfig } from '../config/sandbox.config';
import type { ConnectionFault, FaultRule, FaultRuleDto, InjectedDeliveryFailureDto } from './fault-rule.dto';

/** What the sandbox does with one send, after the faults that match it. */
export interface SendFaults {
  /** Answer with this Graph API error instead of accepting. */
  error?: { httpStatus: number; code?: number; message: string; details?: string };
  connection?: { fault: ConnectionFault; acceptFirst: boolean; holdMs: number };
  failDelivery?: InjectedDeliveryFailureDto;
  latencyMs: number;
  webhookDelaysMs?: number[];
}

const effects = ['error', 'connection', 'rate_limit_per_second', 'fail_delivery', 'latency_ms', 'webhook_delays_ms'] as const;

/** The faults set through `/_sandbox/faults` (and SANDBOX_RATE_LIMIT_PER_SECOND), applied to every send. */
@Injectable()
export class FaultsService {
  private rules: FaultRule[] = [];
  private nextId = 1;
  /** Sends answered 130429 by a rate limit since the last clear. */
  throttled = 0;
  /** Accepted sends per business number in the last second, oldest first, for rate limits. */
  private readonly recent = new Map<string, number[]>();

  constructor(private readonly config: SandboxConfig) {}

  add(rule: FaultRuleDto): FaultRule {
    const given = effects.filter((effect) => rule[effect] !== undefined);
    if (given.length !== 1) {
      throw new BadRequestException(`a fault has exactly one of ${effects.join(', ')}; this one has ${given.length ? given.join(', ') : 'none'}`);
    }
    if (rule.accept_first !== undefined && !rule.connection) throw new BadRequestException('accept_first goes with connection');
    const saved: FaultRule = { ...rule, id: this.nextId++, applied: 0 };
    this.rules.push(saved);
    return saved;
  }

  list(): FaultRule[] {
    return this.rules;
  }

  remove(id: number): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((rule) => rule.id !== id);
    return this.rules.length < before;
  }

  clear(): number {
    const count = this.rules.length;
    this.rules = [];
    this.recent.clear();
    this.throttled = 0;
    return count;
  }

  /** The faults for a send about to be accepted; counts it against the rules with a budget of `times`. */
  evaluate(send: { phoneNumberId: string; to: string; at: number }): SendFaults {
    const result: SendFaults = { latencyMs: 0 };
    const limits = this.config.SANDBOX_RATE_LIMIT_PER_SECOND ? [this.config.SANDBOX_RATE_LIMIT_PER_SECOND] : [];
    for (const rule of this.rules) {
      if (rule.to !== undefined && rule.to.replace(/\D/g, '') !== send.to) continue;
      if (rule.phone_number_id !== undefined && rule.phone_number_id !== send.phoneNumberId) continue;
      if (rule.rate_limit_per_second !== undefined) {
        limits.push(rule.rate_limit_per_second);
        continue;
      }
      if (rule.latency_ms !== undefined) result.latencyMs += rule.latency_ms;
      else if (rule.webhook_delays_ms !== undefined) result.webhookDelaysMs ??= rule.webhook_delays_ms;
      else if (result.error || result.connection || result.failDelivery) continue;
      else if (rule.error) {
        result.error = {
          httpStatus: rule.error.http_status,
          code: rule.error.code,
          message: rule.error.message ?? (rule.error.code !== undefined ? `(#${rule.error.code}) Injected by the sandbox` : 'An unknown error has occurred.'),
          details: rule.error.details,
        };
      } else if (rule.connection) {
        result.connection = { fault: rule.connection, acceptFirst: rule.accept_first ?? false, holdMs: rule.hold_ms ?? 30_000 };
      } else if (rule.fail_delivery) result.failDelivery = rule.fail_delivery;
      this.use(rule);
    }
    if (!result.error && !result.connection && limits.length > 0 && this.overLimit(send.phoneNumberId, send.at, Math.min(...limits))) {
      this.throttled += 1;
      result.error = {
        httpStatus: 400,
        code: 130429,
        message: '(#130429) Rate limit hit',
        details: 'Cloud API message throughput has been reached.',
      };
    }
    return result;
  }

  /** Counts an accepted send towards its business number's rate. */
  accepted(phoneNumberId: string, at: number): void {
    const recent = this.recent.get(phoneNumberId) ?? [];
    recent.push(at);
    while (recent[0] <= at - 1_000) recent.shift();
    this.recent.set(phoneNumberId, recent);
  }

  private overLimit(phoneNumberId: string, at: number, perSecond: number): boolean {
    const recent = this.recent.get(phoneNumberId);
    if (!recent) return false;
    while (recent.length > 0 && recent[0] <= at - 1_000) recent.shift();
    return recent.length >= perSecond;
  }

  private use(rule: FaultRule): void {
    rule.applied += 1;
    if (rule.times !== undefined && rule.applied >= rule.times) this.remove(rule.id);
  }
}
