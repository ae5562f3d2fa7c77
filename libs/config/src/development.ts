import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * The settings `npm start`, the tests and docker-compose's `dev` profile run with. They are published here, so they
 * prove nothing: in development mode (HERALD_ENV=development) they are the defaults, and in production mode a
 * service refuses to start with any of them (NotTheDevelopmentValue).
 */
export const DEVELOPMENT_SETTINGS = {
  WHATSAPP_APP_SECRET: 'herald-dev-app-secret',
  WHATSAPP_VERIFY_TOKEN: 'herald-dev-verify-token',
  INTERNAL_API_TOKEN: 'herald-dev-internal-api-token',
  /** Seals the channels' access tokens (libs/whatsapp's SecretBox). */
  HERALD_SECRET_KEY: 'aGVyYWxkLWRldmVsb3BtZW50LW9ubHkta2V5LTAwMDA=',
  /** Seals the webhook endpoints' signing secrets (the ingress seals, the notifier opens). */
  WEBHOOK_SECRET_KEY: 'aGVyYWxkLWRldmVsb3BtZW50LXdlYmhvb2sta2V5LTA=',
} as const;

/** The demo team's API key, which `npm start` seeds (apps/ingress/src/seed-demo.ts); a production ingress refuses it. */
export const DEMO_API_KEY = 'hk_demo_local_development_only_000000000000';

export type HeraldEnvironment = 'development' | 'production';

/** What a development setting found in production mode is told: one sentence, after the setting's name. */
const refusal =
  "is the development value, published in Herald's source: set your own, or run with HERALD_ENV=development on a development machine";

/** Refuses, in production mode, the published development value of this setting (DEVELOPMENT_SETTINGS). */
export const NotTheDevelopmentValue = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'notTheDevelopmentValue',
      validator: {
        validate: (value: unknown, args) => {
          const development = DEVELOPMENT_SETTINGS[args?.property as keyof typeof DEVELOPMENT_SETTINGS];
          return (args?.object as { HERALD_ENV?: HeraldEnvironment }).HERALD_ENV === 'development' || value !== development;
        },
        defaultMessage: (args) => `${args?.property} ${refusal}`,
      },
    },
    options,
  );
