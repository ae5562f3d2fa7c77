import { Module } from '@nestjs/common';
import { InternalServicesClient } from '../internal/internal-services.client';
import { TemplatesController } from './templates.controller';

@Module({ controllers: [TemplatesController], providers: [InternalServicesClient] })
export class TemplatesModule {}
