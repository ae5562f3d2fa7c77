/** WhatsApp's template language codes: `en`, `en_US`, `pt_BR`, `zh_Hant_HK`... */
export const templateLanguagePattern = /^[a-z]{2,3}(_[A-Za-z]{2,4}){0,2}$/;
export const maxMessagesPerSecond = 1_000;

export const channelTypes = ['whatsapp'] as const;
export type ChannelType = (typeof channelTypes)[number];

/** How a number is connected: the official WhatsApp Business API, or the WhatsApp Business app. */
export const channelIntegrations = ['whatsapp_business_api', 'whatsapp_app'] as const;
export type ChannelIntegration = (typeof channelIntegrations)[number];

/** What a channel configured before its language and throughput limit existed uses. */
export const defaultChannelLanguage = 'en_US';
export const defaultMessagesPerSecond = 80;
