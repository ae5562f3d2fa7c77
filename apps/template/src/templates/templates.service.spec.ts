import type { AccountsRepository, SyncAccount } from './accounts.repository';
import type { Template } from './template.entity';
import type { TemplateSyncService } from './template-sync.service';
import type { TemplatesRepository } from './templates.repository';
import { TemplatesService } from './templates.service';

const team = '6f1c2b4e-0000-4000-8000-000000000001';
const account = (wabaId: string): SyncAccount => ({ wabaId, accessTokenSealed: `sealed-${wabaId}` });
const stored = (wabaId: string, name: string, components: Template['components']): Template => ({
  uuid: `${wabaId}-${name}`.padEnd(32, '0'),
  wabaId,
  providerId: name,
  name,
  language: 'en_US',
  category: 'UTILITY',
  status: 'APPROVED',
  parameterFormat: 'POSITIONAL',
  components,
  syncedAt: new Date('2030-01-02T03:04:05.000Z'),
});

describe('TemplatesService', () => {
  const accountsOf = new Map<string, SyncAccount[]>([[team, [account('100000000000001'), account('100000000000002')]]]);
  const templates = [
    stored('100000000000001', 'order', [
      { type: 'HEADER', format: 'IMAGE' },
      { type: 'BODY', text: 'Order {{1}} ships on {{2}}' },
    ]),
    stored('100000000000002', 'thanks', [{ type: 'BODY', text: 'Thank you' }]),
    stored('100000000000003', 'elsewhere', [{ type: 'BODY', text: 'Another team' }]),
  ];
  const accounts: Pick<AccountsRepository, 'ofTeam'> = { ofTeam: async (teamUuid) => accountsOf.get(teamUuid) ?? [] };
  const repository: Pick<TemplatesRepository, 'ofAccounts'> = {
    ofAccounts: async (wabaIds) => templates.filter((template) => wabaIds.includes(template.wabaId)),
  };
  const synced: string[] = [];
  const syncer: Pick<TemplateSyncService, 'syncAccount'> = {
    syncAccount: async ({ wabaId }) => {
      synced.push(wabaId);
      return wabaId.endsWith('1') ? 3 : 2;
    },
  };
  const service = new TemplatesService(accounts as AccountsRepository, repository as TemplatesRepository, syncer as TemplateSyncService);

  it("lists the templates of the team's accounts, with their text, placeholders and header", async () => {
    await expect(service.list(team)).resolves.toEqual({
      templates: [
        {
          uuid: templates[0].uuid,
          name: 'order',
          language: 'en_US',
          category: 'UTILITY',
          status: 'APPROVED',
          text: 'Order {{1}} ships on {{2}}',
          placeholders: 2,
          header: 'IMAGE',
          syncedAt: '2030-01-02T03:04:05.000Z',
        },
        expect.objectContaining({ name: 'thanks', text: 'Thank you', placeholders: 0, header: 'NONE' }),
      ],
    });
  });

  it('lists nothing for a team without an active channel', async () => {
    await expect(service.list('6f1c2b4e-0000-4000-8000-000000000099')).resolves.toEqual({ templates: [] });
  });

  it("syncs each of the team's accounts and counts what they hold", async () => {
    await expect(service.sync(team)).resolves.toEqual({ synced: 5 });
    expect(synced).toEqual(['100000000000001', '100000000000002']);
  });
});
