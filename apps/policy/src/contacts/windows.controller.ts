import { BadRequestException, Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { checkContract, ContactWindowsRequest, ContactWindowsResponse } from '@herald/contracts';
import { ContactsService } from './contacts.service';

/**
 * `POST /windows`: the ingress asks here whether contacts' 24-hour windows are open and when they close, so that what
 * a team reads of a contact is what a send to it would be decided by. Internal, as the dry run is.
 */
@ApiExcludeController()
@Controller('windows')
export class WindowsController {
  constructor(private readonly contacts: ContactsService) {}

  @Post()
  @HttpCode(200)
  async windows(@Body() body: unknown): Promise<ContactWindowsResponse> {
    const check = checkContract(ContactWindowsRequest, body);
    if (!check.ok) throw new BadRequestException(check.problems);
    const at = check.value.at ? new Date(check.value.at) : new Date();
    return { windows: await this.contacts.windows(check.value.contacts, at) };
  }
}
