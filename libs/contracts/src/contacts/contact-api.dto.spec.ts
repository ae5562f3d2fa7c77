import { checkContract } from '../validation';
import { ContactMessagesQueryDto, CreateContactDto, ListContactsQueryDto, normalizeContactPhone, UpdateContactDto } from './contact-api.dto';

describe("Callbell's contacts API contracts", () => {
  it('reads a phone number with or without the plus, and nothing else, as E.164', () => {
    expect(normalizeContactPhone('5790372023')).toBe('+5790372023');
    expect(normalizeContactPhone('+31 6 1234-5678')).toBe('+31612345678');
    for (const bad of ['', 'abc', '+0123456789', '123', '+1234567890123456', '%2B1']) expect(normalizeContactPhone(bad)).toBeNull();
  });

  it("takes Callbell's create request, and refuses what is not one field by field", () => {
    const ok = checkContract(CreateContactDto, {
      source: 'whatsapp',
      identifier: '123456789',
      name: 'John Doe',
      tags: ['Call back'],
      custom_fields: { orderNumber: 123, zipCode: '98765430', Features: ['Dark Mode'] },
      team_uuid: '414a6d692bd645ed803f2e7ce360d4c8',
      bot_status: 'bot_end',
    });
    expect(ok.ok).toBe(true);
    const bad = checkContract(CreateContactDto, { source: 'sms', identifier: 'nope', tags: 'x', custom_fields: { a: { b: 1 } }, note: 'n'.repeat(1001), colour: 'red' });
    expect(bad.ok ? [] : bad.problems.map((problem) => problem.field).sort()).toEqual(['colour', 'custom_fields', 'identifier', 'name', 'note', 'source', 'tags']);
  });

  it('changes only what a PATCH names', () => {
    expect(checkContract(UpdateContactDto, {}).ok).toBe(true);
    const bad = checkContract(UpdateContactDto, { unassign_user: 'yes', assigned_user: 'not an email', name: '' });
    expect(bad.ok ? [] : bad.problems.map((problem) => problem.field).sort()).toEqual(['assigned_user', 'name', 'unassign_user']);
  });

  it('reads the list query: a page number, comma-separated tags, a phone, a cursor page', () => {
    const check = checkContract(ListContactsQueryDto, { page: '2', tags: 'sales, lead', phone: '+31612345678', limit: '10', include_field_types: 'true', source: 'whatsapp' });
    expect(check.ok && check.value).toMatchObject({ page: 2, tags: ['sales', 'lead'], phone: '+31612345678', limit: 10 });
    const bad = checkContract(ListContactsQueryDto, { page: '0', phone: 'x' });
    expect(bad.ok ? [] : bad.problems.map((problem) => problem.field).sort()).toEqual(['page', 'phone']);
    expect(checkContract(ContactMessagesQueryDto, { page: '1.5' }).ok).toBe(false);
  });
});
