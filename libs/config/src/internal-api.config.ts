import { IsString, MinLength } from 'class-validator';
import { BaseConfig } from './base.config';
import { NotTheDevelopmentValue } from './development';

/**
 * The settings of a process that serves or calls Herald's internal HTTP APIs (policy, template, dispatcher, the
 * sandbox's control endpoints, and the ingress and CLI that call them). One-off jobs such as migrations do not
 * need the token, so it is not in BaseConfig.
 */
export class InternalApiConfig extends BaseConfig {
  /** The bearer token every internal API call carries; the same value on every service of a deployment. */
  @NotTheDevelopmentValue()
  @MinLength(16, { message: 'INTERNAL_API_TOKEN must be at least 16 characters' })
  @IsString({ message: 'INTERNAL_API_TOKEN must be set: the bearer token of internal API calls, the same on every service' })
  INTERNAL_API_TOKEN: string;
}
