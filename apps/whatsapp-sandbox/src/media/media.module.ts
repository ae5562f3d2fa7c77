import { Module } from '@nestjs/common';
import { GraphModule } from '../graph/graph.module';
import { MediaController } from './media.controller';
import { MediaStore } from './media.store';

/** The one media store (customers' media and uploads), and the Graph API endpoints that serve them. */
@Module({
  imports: [GraphModule],
  controllers: [MediaController],
  providers: [MediaStore],
  exports: [MediaStore],
})
export class MediaModule {}
