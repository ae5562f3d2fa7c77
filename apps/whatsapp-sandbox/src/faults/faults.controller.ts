import { Body, Controller, Delete, Get, NotFoundException, Param, ParseIntPipe, Post, UsePipes, ValidationPipe } from '@nestjs/common';
import { FaultRule, FaultRuleDto } from './fault-rule.dto';
import { FaultsService } from './faults.service';

/** `/_sandbox/faults`: make the emulated API misbehave, at run time, for tests and people. */
@Controller('_sandbox/faults')
@UsePipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }))
export class FaultsController {
  constructor(private readonly faults: FaultsService) {}

  @Post()
  add(@Body() rule: FaultRuleDto): FaultRule {
    return this.faults.add(rule);
  }

  @Get()
  list(): { data: FaultRule[]; throttled: number } {
    return { data: this.faults.list(), throttled: this.faults.throttled };
  }

  @Delete()
  clear(): { removed: number } {
    return { removed: this.faults.clear() };
  }

  @Delete(':id')
  remove(@Param('id', ParseIntPipe) id: number): { removed: number } {
    if (!this.faults.remove(id)) throw new NotFoundException(`No fault ${id}`);
    return { removed: 1 };
  }
}
