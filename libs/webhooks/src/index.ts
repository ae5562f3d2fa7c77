export * from './webhooks-schema';
export * from './webhook-endpoint.entity';
export * from './webhook-delivery.entity';
export * from './webhook-endpoints.repository';
export * from './webhook-deliveries.repository';
export * from './url-policy';
export * from './delivery-log.repository';
