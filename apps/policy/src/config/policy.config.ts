import { BaseConfig } from '@herald/config';

export class PolicyConfig extends BaseConfig {
  override PORT: number = 3001;
}
