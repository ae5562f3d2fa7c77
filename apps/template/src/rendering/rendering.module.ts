import { Module } from '@nestjs/common';
import { ChannelsModule } from '../channels/channels.module';
import { TemplatesModule } from '../templates/templates.module';
import { RenderPreviewController } from './render-preview.controller';
import { RenderingController } from './rendering.controller';
import { RenderingService } from './rendering.service';

@Module({ imports: [ChannelsModule, TemplatesModule], controllers: [RenderingController, RenderPreviewController], providers: [RenderingService] })
export class RenderingModule {}
