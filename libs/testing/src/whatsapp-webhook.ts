/** The body of a webhook as Meta sends one: one change on the `messages` field of one number. */
export function whatsAppWebhook(phoneNumberId: string, value: { statuses?: unknown[]; messages?: unknown[]; contacts?: unknown[] }): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '100000000000001',
        changes: [
          {
            field: 'messages',
            value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550000000', phone_number_id: phoneNumberId }, ...value },
          },
        ],
      },
    ],
  });
}
