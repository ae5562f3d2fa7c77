import type { SendMessageDto, TemplateParametersDto } from '@herald/contracts';
import type { RenderableTemplate } from './template-renderer';

/**
 * Templates with every kind of component, as WhatsApp lists them (the same ones the sandbox serves), for the
 * renderer's specs.
 */
export const deliveryUpdate: RenderableTemplate = {
  name: 'delivery_update',
  language: 'en_US',
  status: 'APPROVED',
  category: 'UTILITY',
  parameterFormat: 'NAMED',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Delivery for {{customer_name}}' },
    { type: 'BODY', text: 'Hi {{first_name}}, parcel {{tracking_number}} arrives on {{delivery_date}}.' },
    {
      type: 'BUTTONS',
      buttons: [
        { type: 'URL', text: 'Track parcel', url: 'https://shop.example.com/track/{{1}}' },
        { type: 'QUICK_REPLY', text: 'Reschedule' },
      ],
    },
  ],
};

export const paymentDue: RenderableTemplate = {
  name: 'payment_due',
  language: 'en_US',
  status: 'APPROVED',
  category: 'UTILITY',
  parameterFormat: 'POSITIONAL',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Invoice {{1}}' },
    { type: 'BODY', text: 'Hi {{1}}, {{2}} is due on {{3}}.' },
    { type: 'FOOTER', text: 'Reply STOP to opt out' },
    {
      type: 'BUTTONS',
      buttons: [
        { type: 'QUICK_REPLY', text: 'Pay now' },
        { type: 'QUICK_REPLY', text: 'Talk to us' },
      ],
    },
  ],
};

export const welcomeCoupon: RenderableTemplate = {
  name: 'welcome_coupon',
  language: 'en_US',
  status: 'APPROVED',
  category: 'MARKETING',
  parameterFormat: 'POSITIONAL',
  components: [
    { type: 'BODY', text: 'Welcome {{1}}! Use the code below for 15% off your first order.' },
    {
      type: 'BUTTONS',
      buttons: [
        { type: 'COPY_CODE', text: 'Copy offer code', example: ['WELCOME15'] },
        { type: 'URL', text: 'Shop now', url: 'https://shop.example.com/' },
      ],
    },
  ],
};

export const loginCode: RenderableTemplate = {
  name: 'login_code',
  language: 'en_US',
  status: 'APPROVED',
  category: 'AUTHENTICATION',
  parameterFormat: 'POSITIONAL',
  components: [
    { type: 'BODY', text: '*{{1}}* is your verification code. For your security, do not share this code.', add_security_recommendation: true },
    { type: 'FOOTER', text: 'This code expires in 10 minutes.', code_expiration_minutes: 10 },
    {
      type: 'BUTTONS',
      buttons: [{ type: 'URL', text: 'Copy code', url: 'https://www.whatsapp.com/otp/code/?otp_type=COPY_CODE&code_expiration_minutes=10&code=otp{{1}}' }],
    },
  ],
};

export const springCollection: RenderableTemplate = {
  name: 'spring_collection',
  language: 'en_US',
  status: 'APPROVED',
  category: 'MARKETING',
  parameterFormat: 'POSITIONAL',
  components: [
    { type: 'BODY', text: 'Hi {{1}}, here are our spring picks.' },
    {
      type: 'CAROUSEL',
      cards: [0, 1].map(() => ({
        components: [
          { type: 'HEADER' as const, format: 'IMAGE' as const },
          { type: 'BODY' as const, text: '{{1}} for only {{2}}.' },
          {
            type: 'BUTTONS' as const,
            buttons: [
              { type: 'QUICK_REPLY' as const, text: 'More like this' },
              { type: 'URL' as const, text: 'Buy now', url: 'https://shop.example.com/products/{{1}}' },
            ],
          },
        ],
      })),
    },
  ],
};

export const orderShipped: RenderableTemplate = {
  name: 'order_shipped',
  language: 'en_US',
  status: 'APPROVED',
  category: 'UTILITY',
  parameterFormat: 'POSITIONAL',
  components: [
    { type: 'BODY', text: 'Hi {{1}}, your order {{2}} ships today and should arrive by {{3}}.' },
    { type: 'FOOTER', text: 'Reply STOP to opt out' },
    { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Track order', url: 'https://shop.example.com/orders/{{1}}' }] },
  ],
};

export const templateRequest = (overrides: Partial<SendMessageDto> & { template_parameters?: TemplateParametersDto }): SendMessageDto => ({
  to: '+31612345678',
  from: 'whatsapp',
  type: 'text',
  // A template's content is optional in Callbell's contract; the text-message type that requires it does not apply.
  content: {} as SendMessageDto['content'],
  template_uuid: 'd980fb66fd5043d3ace1aac06e7ba6a7',
  optin_contact: true,
  ...overrides,
});
