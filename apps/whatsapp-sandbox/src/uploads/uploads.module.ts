import { Module } from '@nestjs/common';
import { GraphModule } from '../graph/graph.module';
import { MediaModule } from '../media/media.module';
import { MediaUploadController } from './media-upload.controller';
import { MediaUploadService } from './media-upload.service';
import { MediaUploadsInspectionController } from './media-uploads-inspection.controller';

/** The Cloud API's media upload endpoint, into the one media store (which sends by `id` must use). */
@Module({
  imports: [GraphModule, MediaModule],
  controllers: [MediaUploadController, MediaUploadsInspectionController],
  providers: [MediaUploadService],
})
export class UploadsModule {}
