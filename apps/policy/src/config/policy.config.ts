import { InternalApiConfig } from '@herald/config';
import { IsInt, Max, Min } from 'class-validator';

export class PolicyConfig extends InternalApiConfig {
  override PORT: number = 3001;

  /**
   * How long before a customer's 24-hour window closes `contact.window_closing` is published, so a team can still
   * send its last free-form message or turn to a template; 0 publishes none.
   */
  @Min(0)
  @Max(24 * 60 * 60 * 1000)
  @IsInt()
  WINDOW_CLOSING_LEAD_MS: number = 60 * 60 * 1000;

  /** How often each replica looks for window-closing alerts that are due: an alert is published at most this late. */
  @Min(100)
  @Max(600_000)
  @IsInt()
  WINDOW_CLOSING_POLL_MS: number = 5_000;
}
