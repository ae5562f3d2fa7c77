import { WhatsAppApiConfig } from '@herald/whatsapp';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';

const booleanSetting = (value: unknown): unknown => (value === 'true' ? true : value === 'false' ? false : value);

export class DispatcherConfig extends WhatsAppApiConfig {
  override PORT: number = 3003;

  /** Calls per message for transient provider errors, before it fails as provider_unavailable. */
  @Min(1)
  @Max(20)
  @IsInt()
  DISPATCH_MAX_ATTEMPTS: number = 5;

  /** Retries per message for throughput limits (130429, 131056), which recover by waiting. */
  @Min(1)
  @Max(1_000)
  @IsInt()
  DISPATCH_MAX_THROTTLED_RETRIES: number = 100;

  @Min(10)
  @Max(60_000)
  @IsInt()
  DISPATCH_RETRY_BASE_MS: number = 500;

  @Min(10)
  @Max(300_000)
  @IsInt()
  DISPATCH_RETRY_MAX_MS: number = 10_000;

  /** How long a channel pauses after WhatsApp says it is over its throughput limit (130429). */
  @Min(0)
  @Max(60_000)
  @IsInt()
  DISPATCH_THROTTLE_PAUSE_MS: number = 1_000;

  /** How long a recipient waits after WhatsApp's pair rate limit (131056): about one message per 6 s. */
  @Min(10)
  @Max(300_000)
  @IsInt()
  DISPATCH_PAIR_RETRY_MS: number = 6_000;

  /** Sends one replica has under way at once (waiting for a slot or for WhatsApp's answer). */
  @Min(1)
  @Max(2_000)
  @IsInt()
  DISPATCH_CONCURRENCY: number = 64;

  /** How often an idle replica looks for work queued by others or due for a retry. */
  @Min(5)
  @Max(10_000)
  @IsInt()
  DISPATCH_POLL_INTERVAL_MS: number = 100;

  /**
   * How long a send whose outcome is unknown (the replica died mid-call, or the call timed out) waits for a status
   * webhook that proves WhatsApp took it, before it is sent again. Meta sends `sent` within seconds.
   */
  @Min(100)
  @Max(3_600_000)
  @IsInt()
  DISPATCH_RECONCILE_WINDOW_MS: number = 60_000;

  /**
   * How long a claim that made no call holds (a send whose channel cannot send, about to be failed) before another
   * replica may take it. A send that can go out is leased from its slot for the call instead.
   */
  @Min(1_000)
  @Max(600_000)
  @IsInt()
  DISPATCH_CLAIM_LEASE_MS: number = 30_000;

  /**
   * A media sent by link (a message's, or a template's media header) is fetched by Herald and uploaded to WhatsApp
   * once per channel, and sent by the media id, reused for 29 days. `false` hands WhatsApp the link on every send.
   */
  @IsBoolean({ message: 'MEDIA_UPLOAD_LINKS must be true or false' })
  @Transform(({ obj, key }) => booleanSetting((obj as Record<string, unknown>)[key]))
  MEDIA_UPLOAD_LINKS: boolean = true;

  /** Development and tests: media links on plain http and private, loopback and link-local addresses are fetched. */
  @IsBoolean({ message: 'MEDIA_FETCH_ALLOW_PRIVATE must be true or false' })
  @Transform(({ obj, key }) => booleanSetting((obj as Record<string, unknown>)[key]))
  MEDIA_FETCH_ALLOW_PRIVATE: boolean = false;

  /** Fetching a media link, and uploading it to WhatsApp, each at most this long. */
  @Min(1_000)
  @Max(300_000)
  @IsInt()
  MEDIA_FETCH_TIMEOUT_MS: number = 30_000;
}
