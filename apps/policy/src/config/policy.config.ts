import { InternalApiConfig } from '@herald/config';

export class PolicyConfig extends InternalApiConfig {
  override PORT: number = 3001;
}
