export * from './graph-api.types';
export * from './webhook-signature';
export * from './whatsapp-api.client';
export * from './whatsapp-api.config';
export * from './message-templates.client';
export * from './provider-errors';
export * from './secret-box';
export * from './secret-keys.config';
