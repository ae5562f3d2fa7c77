import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChannelsModule } from '../channels/channels.module';
import { DispatchController } from './dispatch.controller';
import { Dispatch } from './dispatch.entity';
import { DispatchService } from './dispatch.service';

@Module({
  imports: [TypeOrmModule.forFeature([Dispatch]), ChannelsModule],
  controllers: [DispatchController],
  providers: [DispatchService],
})
export class DispatchModule {}
