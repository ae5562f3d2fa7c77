import { MessageStatus } from '@herald/contracts';
import { Contact, InboundMessage, Message } from '@herald/ledger';
import { toContactView, toConversationMessageView, toInboundListItem } from './contact.view';

const contact = (fields: Partial<Contact>): Contact =>
  Object.assign(new Contact(), {
    uuid: 'a'.repeat(32),
    seq: '1',
    teamUuid: '00000000-0000-4000-8000-000000000001',
    phone: '+31612345678',
    name: null,
    profileName: null,
    tags: [],
    customFields: {},
    assignedUser: null,
    note: null,
    channelUuid: null,
    source: 'whatsapp',
    createdAt: new Date('2026-11-25T10:00:00Z'),
    updatedAt: new Date('2026-11-25T11:00:00Z'),
    ...fields,
  });

describe('the contact and conversation views', () => {
  it("names a contact as the team did, else by the customer's profile name, else by the number", () => {
    expect(toContactView(contact({ name: 'Given', profileName: 'Profile' })).name).toBe('Given');
    expect(toContactView(contact({ profileName: 'Profile' })).name).toBe('Profile');
    expect(toContactView(contact({}))).toEqual({
      uuid: 'a'.repeat(32),
      name: '+31612345678',
      phoneNumber: '+31612345678',
      avatarUrl: null,
      createdAt: '2026-11-25T10:00:00.000Z',
      source: 'whatsapp',
      href: `/contacts/${'a'.repeat(32)}`,
      conversationHref: `/contacts/${'a'.repeat(32)}/messages`,
      tags: [],
      assignedUser: null,
      customFields: {},
      note: null,
      channel: null,
      profileName: null,
      updatedAt: '2026-11-25T11:00:00.000Z',
    });
  });

  it("shows a customer's message as Callbell's message object, its caption as its text", () => {
    const message = Object.assign(new InboundMessage(), {
      uuid: 'b'.repeat(32),
      teamUuid: '00000000-0000-4000-8000-000000000001',
      channelUuid: '00000000-0000-4000-8000-00000000000c',
      phone: '+31612345678',
      providerMessageId: 'wamid.1',
      type: 'image',
      content: { media: { id: 'm1', caption: 'my receipt' } },
      sentAt: new Date('2026-11-25T10:00:00Z'),
      receivedAt: new Date(),
      erasedAt: null,
    });
    expect(toConversationMessageView({ direction: 'inbound', at: message.sentAt, message })).toMatchObject({
      text: 'my receipt',
      status: 'received',
      from: '+31612345678',
      to: message.channelUuid,
      direction: 'inbound',
      createdAt: '2026-11-25T10:00:00.000Z',
    });
    expect(toInboundListItem(message)).toMatchObject({ direction: 'inbound', status: 'received', contactUuid: expect.stringMatching(/^[0-9a-f]{32}$/) });
  });

  it("shows a team's message with its status and the text the customer reads", () => {
    const message = Object.assign(new Message(), {
      uuid: 'c'.repeat(32),
      teamUuid: '00000000-0000-4000-8000-000000000001',
      channelUuid: '00000000-0000-4000-8000-00000000000c',
      to: '+31612345678',
      request: { to: '+31612345678', from: 'whatsapp', type: 'text', content: { text: 'Hi {{1}}' } },
      status: MessageStatus.Delivered,
      renderedText: 'Hi Ana',
      providerMessageId: null,
      createdAt: new Date('2026-11-25T10:00:01Z'),
    });
    expect(toConversationMessageView({ direction: 'outbound', at: message.createdAt, message })).toMatchObject({
      text: 'Hi Ana',
      status: 'delivered',
      from: message.channelUuid,
      to: '+31612345678',
      direction: 'outbound',
      type: 'text',
    });
  });
});
