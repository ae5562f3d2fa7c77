const template = 'd980fb66fd5043d3ace1aac06e7ba6a7';
const base = { to: '+31612345678', from: 'whatsapp', type: 'text', template_uuid: template, optin_contact: true, content: {} };

/**
 * Template sends that use Herald's `template_parameters` extension, one per kind of template component: the OpenAPI
 * document shows them beside Callbell's own requests (send-message.examples.ts).
 */
export const templateComponentExamples: Record<string, Record<string, unknown>> = {
  'template with named placeholders, a text header and buttons (Herald extension)': {
    ...base,
    template_parameters: {
      header: { name: 'customer_name', text: 'Jo' },
      body: [
        { name: 'first_name', text: 'Jo' },
        { name: 'tracking_number', text: 'PKG-1234' },
        { name: 'delivery_date', text: 'Friday' },
      ],
      buttons: [
        { index: 0, url_suffix: 'PKG-1234' },
        { index: 1, payload: 'RESCHEDULE' },
      ],
    },
  },
  'template with currency and date_time values (Herald extension)': {
    ...base,
    template_parameters: {
      header: { text: 'INV-0042' },
      body: [{ text: 'Jo' }, { currency: { fallback_value: '$100.99', code: 'USD', amount_1000: 100990 } }, { date_time: { fallback_value: 'February 25, 2026' } }],
    },
  },
  'template with a copy code button (Herald extension)': {
    ...base,
    template_values: ['Jo'],
    template_parameters: { buttons: [{ index: 0, coupon_code: 'WELCOME15' }] },
  },
  'authentication template (Herald extension)': { ...base, template_parameters: { buttons: [{ index: 0, otp: '123456' }] } },
  'carousel template (Herald extension)': {
    ...base,
    content: { text: 'Jo' },
    template_parameters: {
      carousel: [0, 1].map((card_index) => ({
        card_index,
        header: { url: `https://shop.example.com/static/spring-${card_index}.jpg` },
        body: [{ text: 'Linen shirt' }, { text: '$29' }],
        buttons: [
          { index: 0, payload: 'MORE_LIKE_THIS' },
          { index: 1, url_suffix: 'linen-shirt' },
        ],
      })),
    },
  },
};
