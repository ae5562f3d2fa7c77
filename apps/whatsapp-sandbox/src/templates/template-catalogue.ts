import type { SandboxMessageTemplate } from './sandbox-template';

/**
 * The message templates of the sandbox's WhatsApp Business Account, as `message_templates` lists them and as sends
 * are checked against. Only APPROVED ones can be sent; `spring_sale` is PAUSED and `winback_offer` REJECTED so
 * that those answers can be tried too. From `delivery_update` on, one template per kind of component a send fills:
 * named parameters, a text header's parameter, currency and date_time values, quick replies, a URL button's
 * suffix, a copy-code button, an authentication code, carousel cards.
 */
export const TEMPLATE_CATALOGUE: readonly SandboxMessageTemplate[] = [
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
  {
    id: '1000000000000111',
    name: 'delivery_update',
    language: 'en_US',
    status: 'APPROVED',
    category: 'UTILITY',
    parameter_format: 'NAMED',
    components: [
      {
        type: 'HEADER',
        format: 'TEXT',
        text: 'Delivery for {{customer_name}}',
        example: { header_text_named_params: [{ param_name: 'customer_name', example: 'John' }] },
      },
      {
        type: 'BODY',
        text: 'Hi {{first_name}}, parcel {{tracking_number}} arrives on {{delivery_date}}.',
        example: {
          body_text_named_params: [
            { param_name: 'first_name', example: 'John' },
            { param_name: 'tracking_number', example: 'PKG-1234' },
            { param_name: 'delivery_date', example: 'Friday' },
          ],
        },
      },
      {
        type: 'BUTTONS',
        buttons: [
          {
            type: 'URL',
            text: 'Track parcel',
            url: 'https://shop.example.com/track/{{1}}',
            example: ['https://shop.example.com/track/PKG-1234'],
          },
          { type: 'QUICK_REPLY', text: 'Reschedule' },
        ],
      },
    ],
  },
  {
    id: '1000000000000112',
    name: 'payment_due',
    language: 'en_US',
    status: 'APPROVED',
    category: 'UTILITY',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Invoice {{1}}', example: { header_text: ['INV-0042'] } },
      {
        type: 'BODY',
        text: 'Hi {{1}}, {{2}} is due on {{3}}.',
        example: { body_text: [['John', '$100.99', 'February 25, 2026']] },
      },
      { type: 'FOOTER', text: 'Reply STOP to opt out' },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'QUICK_REPLY', text: 'Pay now' },
          { type: 'QUICK_REPLY', text: 'Talk to us' },
        ],
      },
    ],
  },
  {
    id: '1000000000000113',
    name: 'welcome_coupon',
    language: 'en_US',
    status: 'APPROVED',
    category: 'MARKETING',
    parameter_format: 'POSITIONAL',
    components: [
      {
        type: 'BODY',
        text: 'Welcome {{1}}! Use the code below for 15% off your first order.',
        example: { body_text: [['John']] },
      },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'COPY_CODE', text: 'Copy offer code', example: ['WELCOME15'] },
          { type: 'URL', text: 'Shop now', url: 'https://shop.example.com/' },
        ],
      },
    ],
  },
  {
    id: '1000000000000114',
    name: 'login_code',
    language: 'en_US',
    status: 'APPROVED',
    category: 'AUTHENTICATION',
    parameter_format: 'POSITIONAL',
    components: [
      {
        type: 'BODY',
        text: '*{{1}}* is your verification code. For your security, do not share this code.',
        add_security_recommendation: true,
        example: { body_text: [['123456']] },
      },
      { type: 'FOOTER', text: 'This code expires in 10 minutes.', code_expiration_minutes: 10 },
      {
        type: 'BUTTONS',
        // Meta lists an authentication template's one-time-password button as a URL button with the code's placeholder.
        buttons: [
          {
            type: 'URL',
            text: 'Copy code',
            url: 'https://www.whatsapp.com/otp/code/?otp_type=COPY_CODE&code_expiration_minutes=10&code=otp{{1}}',
            example: ['https://www.whatsapp.com/otp/code/?otp_type=COPY_CODE&code_expiration_minutes=10&code=otp123456'],
          },
        ],
      },
    ],
  },
  {
    id: '1000000000000115',
    name: 'spring_collection',
    language: 'en_US',
    status: 'APPROVED',
    category: 'MARKETING',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'BODY', text: 'Hi {{1}}, here are our spring picks.', example: { body_text: [['John']] } },
      {
        type: 'CAROUSEL',
        cards: [0, 1].map((card) => ({
          components: [
            {
              type: 'HEADER' as const,
              format: 'IMAGE' as const,
              example: { header_handle: [`https://shop.example.com/static/spring-${card}.jpg`] },
            },
            { type: 'BODY' as const, text: '{{1}} for only {{2}}.', example: { body_text: [['Linen shirt', '$29']] } },
            {
              type: 'BUTTONS' as const,
              buttons: [
                { type: 'QUICK_REPLY' as const, text: 'More like this' },
                {
                  type: 'URL' as const,
                  text: 'Buy now',
                  url: 'https://shop.example.com/products/{{1}}',
                  example: ['https://shop.example.com/products/linen-shirt'],
                },
              ],
            },
          ],
        })),
      },
    ],
  },
];
