import { Module } from '@nestjs/common';
import { GraphModule } from '../graph/graph.module';
import { MediaUploadController } from './media-upload.controller';
import { MediaUploadService } from './media-upload.service';
import { MediaUploadsInspectionController } from './media-uploads-inspection.controller';
import { UploadedMediaStore } from './uploaded-media.store';

/** The Cloud API's media upload endpoint, and the media ids the sandbox issued (which sends by `id` must use). */
@Module({
  imports: [GraphModule],
  controllers: [MediaUploadController, MediaUploadsInspectionController],
  providers: [MediaUploadService, UploadedMediaStore],
  exports: [UploadedMediaStore],
})
export class UploadsModule {}
