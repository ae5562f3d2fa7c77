import type { ServiceDatabase } from '@herald/persistence';
import { Channel } from '../channels/channel.entity';
import { Template } from '../templates/template.entity';
import { CreateTemplates1764000000000 } from './migrations/1764000000000-create-templates';
import { ChannelLanguage1764600000000 } from './migrations/1764600000000-channel-language';
import { SealAccessTokens1765200000000 } from './migrations/1765200000000-seal-access-tokens';
import { TemplateParameterFormat1766000000000 } from './migrations/1766000000000-template-parameter-format';

/** The template service owns the `template` schema: the accounts it syncs and their templates. */
export const templateDatabase: ServiceDatabase = {
  schema: 'template',
  entities: [Channel, Template],
  migrations: [CreateTemplates1764000000000, ChannelLanguage1764600000000, SealAccessTokens1765200000000, TemplateParameterFormat1766000000000],
};
