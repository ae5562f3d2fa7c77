import { Module } from '@nestjs/common';
import { HeraldConfigModule } from '@herald/config';
import { HealthModule, LoggingModule } from '@herald/observability';
import { SandboxConfig } from './config/sandbox.config';
import { GraphModule } from './graph/graph.module';
import { InboundModule } from './inbound/inbound.module';
import { InspectionModule } from './inspection/inspection.module';
import { MediaModule } from './media/media.module';
import { MessagesModule } from './messages/messages.module';
import { ReadReceiptsModule } from './read-receipts/read-receipts.module';
import { TemplatesModule } from './templates/templates.module';
import { UploadsModule } from './uploads/uploads.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/** The WhatsApp Cloud API emulator: the Graph API endpoints Herald uses, status webhooks, and an inspection API. */
@Module({
  imports: [
    HeraldConfigModule.forRoot(SandboxConfig),
    LoggingModule,
    HealthModule.forRoot({ dependencies: [] }),
    GraphModule,
    MessagesModule,
    TemplatesModule,
    WebhooksModule,
    InspectionModule,
    InboundModule,
    MediaModule,
    UploadsModule,
    ReadReceiptsModule,
  ],
})
export class AppModule {}
