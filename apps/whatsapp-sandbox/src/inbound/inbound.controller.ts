import { Body, Controller, HttpCode, Post, UsePipes, ValidationPipe } from '@nestjs/common';
import { SimulateInboundDto } from './inbound.dto';
import { InboundDelivery, InboundService } from './inbound.service';

/** `POST /_sandbox/inbound`: a customer writes in; the webhook goes to the ingress at once, signed. */
@Controller('_sandbox')
@UsePipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true }))
export class InboundController {
  constructor(private readonly inbound: InboundService) {}

  @Post('inbound')
  @HttpCode(200)
  simulate(@Body() input: SimulateInboundDto): Promise<InboundDelivery> {
    return this.inbound.deliver(input);
  }
}
