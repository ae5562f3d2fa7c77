import { Controller, Delete, Get } from '@nestjs/common';
import { MediaStore, type UploadedMedia } from '../media/media.store';

/**
 * `/_sandbox/media-uploads`: what was uploaded to the emulated `/media` endpoint, so a test can check that a file
 * sent to many recipients was uploaded once. Not part of the Graph API.
 */
@Controller('_sandbox/media-uploads')
export class MediaUploadsInspectionController {
  constructor(private readonly store: MediaStore) {}

  /** `uploads` counts every upload since the last reset; `data` lists them, oldest first, without their bytes. */
  @Get()
  list(): { uploads: number; data: UploadedMedia[] } {
    return { uploads: this.store.uploadCount(), data: this.store.listUploads() };
  }

  @Delete()
  reset(): { cleared: { uploads: number } } {
    return { cleared: { uploads: this.store.clearUploads() } };
  }
}
