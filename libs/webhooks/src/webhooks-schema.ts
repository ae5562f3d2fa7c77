/** The PostgreSQL schema of the webhook tables; the notifier's migrations create it. */
export const WEBHOOKS_SCHEMA = 'notifier';
