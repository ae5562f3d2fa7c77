import { isValidWebhookSignature } from '@herald/whatsapp';
import { buildStatusWebhook, signedWebhookBody, type StatusWebhookInput } from './status-webhook.builder';

const input: StatusWebhookInput = {
  wabaId: '100000000000001',
  displayPhoneNumber: '15550009999',
  phoneNumberId: '100000000000002',
  wamid: 'wamid.HBgLMTU1NTAwMDExMTEVAgARGBI2QjQ0MDk0QTM1RjY0RTcyNDAA',
  status: 'sent',
  at: new Date('2025-06-01T12:00:00.900Z'),
  recipientWaId: '15550001111',
  bizOpaqueCallbackData: '0b7f3c1e-message-uuid',
  conversation: {
    id: 'c0ffee00c0ffee00c0ffee00c0ffee00',
    expiresAt: new Date('2025-06-02T12:00:00Z'),
    category: 'service',
  },
};

describe('buildStatusWebhook', () => {
  it('builds the sent status in Meta’s shape, with conversation, expiration and pricing', () => {
    expect(buildStatusWebhook(input)).toEqual({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '100000000000001',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '15550009999', phone_number_id: '100000000000002' },
                statuses: [
                  {
                    id: input.wamid,
                    status: 'sent',
                    timestamp: '1748779200',
                    recipient_id: '15550001111',
                    biz_opaque_callback_data: '0b7f3c1e-message-uuid',
                    conversation: {
                      id: 'c0ffee00c0ffee00c0ffee00c0ffee00',
                      expiration_timestamp: '1748865600',
                      origin: { type: 'service' },
                    },
                    pricing: { billable: true, pricing_model: 'CBP', category: 'service' },
                  },
                ],
              },
            },
          ],
        },
      ],
    });
  });

  it('gives delivered the conversation without its expiration, and the template’s category', () => {
    const status = buildStatusWebhook({
      ...input,
      status: 'delivered',
      conversation: { ...input.conversation, category: 'utility' },
    }).entry[0].changes[0].value.statuses![0];
    expect(status.status).toBe('delivered');
    expect(status.conversation).toEqual({
      id: 'c0ffee00c0ffee00c0ffee00c0ffee00',
      origin: { type: 'utility' },
    });
    expect(status.pricing).toEqual({ billable: true, pricing_model: 'CBP', category: 'utility' });
  });

  it('gives read neither conversation nor pricing, as Meta does', () => {
    const status = buildStatusWebhook({ ...input, status: 'read' }).entry[0].changes[0].value.statuses![0];
    expect(status).toEqual({
      id: input.wamid,
      status: 'read',
      timestamp: '1748779200',
      recipient_id: '15550001111',
      biz_opaque_callback_data: '0b7f3c1e-message-uuid',
    });
  });

  it('leaves biz_opaque_callback_data out when the send had none', () => {
    const status = buildStatusWebhook({ ...input, bizOpaqueCallbackData: undefined }).entry[0].changes[0]
      .value.statuses![0];
    expect(Object.keys(status)).not.toContain('biz_opaque_callback_data');
  });
});

describe('signedWebhookBody', () => {
  it('signs exactly the bytes it returns, so the ingress’s check passes', () => {
    const payload = buildStatusWebhook(input);
    const { body, signature } = signedWebhookBody(payload, 'devsecret123');
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(JSON.parse(body.toString('utf8'))).toEqual(payload);
    expect(isValidWebhookSignature('devsecret123', body, signature)).toBe(true);
  });

  it('gives a signature that fails with another secret or other bytes', () => {
    const { body, signature } = signedWebhookBody(buildStatusWebhook(input), 'devsecret123');
    expect(isValidWebhookSignature('othersecret', body, signature)).toBe(false);
    expect(isValidWebhookSignature('devsecret123', Buffer.concat([body, Buffer.from(' ')]), signature)).toBe(
      false,
    );
  });
});
