import { ContactWindowsRequest, ContactWindowsResponse, MAX_WINDOWS_ASKED } from '@herald/contracts';
import type { InternalServicesClient } from '../internal/internal-services.client';
import { PolicyWindows } from './contact-windows.service';

const channelUuid = '00000000-0000-4000-8000-000000000002';

/** A policy that answers every contact whose number ends in an odd digit as open, and notes what it was asked. */
function policy() {
  const asked: Array<{ service: string; path: string; body: ContactWindowsRequest }> = [];
  const client = {
    call: async (service: string, path: string, init: { body: ContactWindowsRequest }): Promise<ContactWindowsResponse> => {
      asked.push({ service, path, body: init.body });
      return {
        windows: init.body.contacts.map(({ channelUuid: channel, phone }) => {
          const open = Number(phone.at(-1)) % 2 === 1;
          return { channelUuid: channel, phone, open, closesAt: open ? '2026-11-25T12:00:00.000Z' : null, lastInboundAt: open ? '2026-11-24T12:00:00.000Z' : null };
        }),
      };
    },
  };
  return { windows: new PolicyWindows(client as unknown as InternalServicesClient), asked };
}

describe('PolicyWindows.windowsOf', () => {
  it("answers each contact's window from the policy's POST /windows, in the order given", async () => {
    const { windows, asked } = policy();
    const answer = await windows.windowsOf([
      { channelUuid, phone: '+15550000002' },
      { channelUuid, phone: '+15550000001' },
    ]);
    expect(answer).toEqual([
      { open: false, closesAt: null },
      { open: true, closesAt: '2026-11-25T12:00:00.000Z' },
    ]);
    expect(asked).toEqual([{ service: 'policy', path: '/windows', body: { contacts: [{ channelUuid, phone: '+15550000002' }, { channelUuid, phone: '+15550000001' }], at: expect.any(String) } }]);
  });

  it('asks about a long list a chunk at a time, all as of one moment, and asks nothing about none', async () => {
    const { windows, asked } = policy();
    const contacts = Array.from({ length: MAX_WINDOWS_ASKED + 1 }, (_, index) => ({ channelUuid, phone: `+1555${String(index).padStart(7, '0')}` }));
    const answer = await windows.windowsOf(contacts);
    expect(answer.map((window) => window.open)).toEqual(contacts.map(({ phone }) => Number(phone.at(-1)) % 2 === 1));
    expect(asked.map(({ body }) => body.contacts.length)).toEqual([MAX_WINDOWS_ASKED, 1]);
    expect(new Set(asked.map(({ body }) => body.at)).size).toBe(1);
    expect(await policy().windows.windowsOf([])).toEqual([]);
  });
});
