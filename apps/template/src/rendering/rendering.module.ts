import { Module } from '@nestjs/common';
import { ChannelsModule } from '../channels/channels.module';
import { TemplatesModule } from '../templates/templates.module';
import { RenderingController } from './rendering.controller';
import { RenderingService } from './rendering.service';

@Module({ imports: [ChannelsModule, TemplatesModule], controllers: [RenderingController], providers: [RenderingService] })
export class RenderingModule {}
