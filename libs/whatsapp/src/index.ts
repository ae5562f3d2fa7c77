export * from './graph-api.types';
export * from './webhook-signature';
export * from './whatsapp-api.client';
