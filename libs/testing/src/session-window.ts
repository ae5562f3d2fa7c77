import { withDatabase } from './database';
import { eventually, Platform } from './platform';

/**
 * A customer writes in through the sandbox (a signed inbound webhook), opening the 24-hour window; resolves once
 * the policy service has recorded it.
 */
export async function customerWrites(
  platform: Platform,
  phone: string,
  { text = 'Hello!', sentAt, phoneNumberId }: { text?: string; sentAt?: Date; phoneNumberId?: string } = {},
): Promise<string> {
  const response = await fetch(`${platform.sandboxUrl}/_sandbox/inbound`, {
    method: 'POST',
    headers: { ...platform.internalHeaders, 'content-type': 'application/json' },
    body: JSON.stringify({
      from: phone,
      text,
      ...(sentAt ? { sent_at: sentAt.toISOString() } : {}),
      ...(phoneNumberId ? { phone_number_id: phoneNumberId } : {}),
    }),
  });
  const delivery = (await response.json()) as { wamid: string; httpStatus: number };
  if (response.status !== 200 || delivery.httpStatus !== 200) {
    throw new Error(`the sandbox could not deliver the inbound webhook: ${JSON.stringify(delivery)}`);
  }
  await withDatabase((database) =>
    eventually(async () => {
      const { rowCount } = await database.query('SELECT 1 FROM policy.inbound_messages WHERE provider_message_id = $1', [delivery.wamid]);
      return rowCount ? true : undefined;
    }),
  );
  return delivery.wamid;
}

/** Resolves once the policy service has recorded `count` consent changes (STOP, START, API opt-outs) for `phone`. */
export async function consentRecorded(phone: string, count: number): Promise<void> {
  await withDatabase((database) =>
    eventually(async () => {
      const { rows } = await database.query<{ n: string }>(
        `SELECT count(*) AS n FROM policy.consent_events WHERE phone = $1 AND kind IN ('opt_out', 'opt_back_in')`,
        [phone],
      );
      return Number(rows[0].n) >= count ? true : undefined;
    }),
  );
}
