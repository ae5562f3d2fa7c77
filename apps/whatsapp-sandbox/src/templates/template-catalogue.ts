import type { GraphMessageTemplate } from '@herald/whatsapp';

/**
 * The message templates of the sandbox's WhatsApp Business Account, as `message_templates` lists them and as sends
 * are checked against. Only APPROVED ones can be sent; `spring_sale` is PAUSED and `winback_offer` REJECTED so
 * that those answers can be tried too.
 */
export const TEMPLATE_CATALOGUE: readonly GraphMessageTemplate[] = [
  {
    id: '1000000000000101',
    name: 'hello_world',
    language: 'en_US',
    status: 'APPROVED',
    category: 'UTILITY',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Hello World' },
      {
        type: 'BODY',
        text: 'Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification from the Cloud API, hosted by Meta. Thank you for taking the time to test with us.',
      },
      { type: 'FOOTER', text: 'WhatsApp Business Platform sample message' },
    ],
  },
  {
    id: '1000000000000102',
    name: 'greeting',
    language: 'en_US',
    status: 'APPROVED',
    category: 'UTILITY',
    parameter_format: 'POSITIONAL',
    components: [{ type: 'BODY', text: 'Hello {{1}}', example: { body_text: [['John']] } }],
  },
  {
    id: '1000000000000103',
    name: 'greeting',
    language: 'es',
    status: 'APPROVED',
    category: 'UTILITY',
    parameter_format: 'POSITIONAL',
    components: [{ type: 'BODY', text: 'Hola {{1}}', example: { body_text: [['Juan']] } }],
  },
  {
    id: '1000000000000104',
    name: 'order_shipped',
    language: 'en_US',
    status: 'APPROVED',
    category: 'UTILITY',
    parameter_format: 'POSITIONAL',
    components: [
      {
        type: 'BODY',
        text: 'Hi {{1}}, your order {{2}} ships today and should arrive by {{3}}.',
        example: { body_text: [['John', '#12345', 'Friday']] },
      },
      { type: 'FOOTER', text: 'Reply STOP to opt out' },
      {
        type: 'BUTTONS',
        buttons: [
          {
            type: 'URL',
            text: 'Track order',
            url: 'https://shop.example.com/orders/{{1}}',
            example: ['https://shop.example.com/orders/12345'],
          },
        ],
      },
    ],
  },
  {
    id: '1000000000000105',
    name: 'order_shipped',
    language: 'es',
    status: 'APPROVED',
    category: 'UTILITY',
    parameter_format: 'POSITIONAL',
    components: [
      {
        type: 'BODY',
        text: 'Hola {{1}}, tu pedido {{2}} sale hoy y debería llegar el {{3}}.',
        example: { body_text: [['Juan', '#12345', 'viernes']] },
      },
    ],
  },
  {
    id: '1000000000000106',
    name: 'summer_promo',
    language: 'en_US',
    status: 'APPROVED',
    category: 'MARKETING',
    parameter_format: 'POSITIONAL',
    components: [
      {
        type: 'HEADER',
        format: 'IMAGE',
        example: { header_handle: ['https://shop.example.com/static/summer.jpg'] },
      },
      {
        type: 'BODY',
        text: 'Hi {{1}}, our summer collection is here: {{2}} off everything this week.',
        example: { body_text: [['John', '20%']] },
      },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'QUICK_REPLY', text: 'Show me' },
          { type: 'QUICK_REPLY', text: 'Stop promotions' },
        ],
      },
    ],
  },
  {
    id: '1000000000000107',
    name: 'invoice_ready',
    language: 'en_US',
    status: 'APPROVED',
    category: 'UTILITY',
    parameter_format: 'POSITIONAL',
    components: [
      {
        type: 'HEADER',
        format: 'DOCUMENT',
        example: { header_handle: ['https://shop.example.com/static/invoice.pdf'] },
      },
      {
        type: 'BODY',
        text: 'Hi {{1}}, your invoice {{2}} is attached.',
        example: { body_text: [['John', 'INV-0042']] },
      },
    ],
  },
  {
    id: '1000000000000108',
    name: 'product_launch',
    language: 'es',
    status: 'APPROVED',
    category: 'MARKETING',
    parameter_format: 'POSITIONAL',
    components: [
      {
        type: 'HEADER',
        format: 'VIDEO',
        example: { header_handle: ['https://shop.example.com/static/launch.mp4'] },
      },
      { type: 'BODY', text: '¡Hola {{1}}! Mira nuestro nuevo producto.', example: { body_text: [['Juan']] } },
    ],
  },
  {
    id: '1000000000000109',
    name: 'spring_sale',
    language: 'en_US',
    status: 'PAUSED',
    category: 'MARKETING',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'BODY', text: 'Spring sale! {{1}} off until Sunday.', example: { body_text: [['30%']] } },
    ],
  },
  {
    id: '1000000000000110',
    name: 'winback_offer',
    language: 'en_US',
    status: 'REJECTED',
    category: 'MARKETING',
    parameter_format: 'POSITIONAL',
    rejected_reason: 'PROMOTIONAL',
    components: [
      { type: 'BODY', text: 'We miss you, {{1}}! Come back for a gift.', example: { body_text: [['John']] } },
    ],
  },
];
