import { Injectable } from '@nestjs/common';
import { ContactWindowDto, ContactWindowsRequest, ContactWindowsResponse, MAX_WINDOWS_ASKED } from '@herald/contracts';
import { InternalServicesClient } from '../internal/internal-services.client';

/** A contact of one of the team's channels. */
export interface ContactOnChannelRef {
  channelUuid: string;
  phone: string;
}

/**
 * Contacts' 24-hour windows, as the policy judges them (`POST /windows` on the policy): the policy owns the rule, so
 * what the API says of a window is what a send would be decided by.
 */
@Injectable()
export class PolicyWindows {
  constructor(private readonly services: InternalServicesClient) {}

  /** Each contact's window now, in the order given; 503 `service_unavailable` while the policy does not answer. */
  async windowsOf(contacts: ContactOnChannelRef[]): Promise<ContactWindowDto[]> {
    const windows: ContactWindowDto[] = [];
    // One moment for every chunk, so a long list is judged as of one time.
    const at = new Date().toISOString();
    for (let start = 0; start < contacts.length; start += MAX_WINDOWS_ASKED) {
      const body: ContactWindowsRequest = {
        contacts: contacts.slice(start, start + MAX_WINDOWS_ASKED).map(({ channelUuid, phone }) => ({ channelUuid, phone })),
        at,
      };
      const answer = await this.services.call<ContactWindowsResponse>('policy', '/windows', { method: 'POST', body });
      windows.push(...answer.windows.map(({ open, closesAt }) => ({ open, closesAt })));
    }
    return windows;
  }
}
