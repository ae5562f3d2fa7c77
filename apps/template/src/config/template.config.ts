import { BaseConfig } from '@herald/config';

export class TemplateConfig extends BaseConfig {
  override PORT: number = 3002;
}
