import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { MessageStatusResponse, SendMessageResponse, TemplateStatusData, templateUuidFor, Topics } from '@herald/contracts';
import { accessTokenFile, eventually, Platform, readTopic, startPlatform, withDatabase, workspaceRoot } from '@herald/testing';

/** The sandbox's demo account and the templates of its catalogue. */
const waba = '100000000000001';
const uuidOf = (name: string, language = 'en_US') => templateUuidFor(waba, name, language);

describe('template messages, end to end', () => {
  let platform: Platform;

  beforeAll(async () => {
    // Every message naming a template the store lacks syncs its account (the on-demand test below).
    platform = await startPlatform({ env: { TEMPLATE_ON_DEMAND_SYNC_AFTER_MS: '0' } });
  });

  afterAll(async () => {
    await platform?.stop();
  });

  const send = async (body: Record<string, unknown>) => {
    const response = await fetch(`${platform.ingressUrl}/messages/send`, {
      method: 'POST',
      headers: { authorization: `Bearer ${platform.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ from: 'whatsapp', optin_contact: true, ...body }),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as SendMessageResponse).message.uuid;
  };
  const finalStatus = (uuid: string) =>
    eventually(async () => {
      const response = await fetch(`${platform.ingressUrl}/messages/status/${uuid}`, { headers: { authorization: `Bearer ${platform.apiKey}` } });
      const { message } = (await response.json()) as MessageStatusResponse;
      // A message published straight to Kafka has no ledger row until the ingress consumed it (404, no message).
      return message && ['rejected', 'read', 'failed'].includes(message.status) ? message : undefined;
    }, 30_000);
  const received = async (uuid: string) => {
    const response = await fetch(`${platform.sandboxUrl}/_sandbox/messages`, { headers: platform.internalHeaders });
    const { data } = (await response.json()) as { data: Array<{ body: { biz_opaque_callback_data?: string } }> };
    return data.find((record) => record.body.biz_opaque_callback_data === uuid)?.body;
  };

  it.each([
    [
      'no header, one placeholder from content.text',
      { to: '+15550200001', type: 'text', template_uuid: uuidOf('greeting'), content: { text: 'John Doe' } },
      { name: 'greeting', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'John Doe' }] }] },
      'Hello John Doe',
    ],
    [
      'an image header and template_values',
      { to: '+15550200002', type: 'image', template_uuid: uuidOf('summer_promo'), content: { url: 'https://example.com/promo.jpeg' }, template_values: ['Jack', '20%'] },
      {
        name: 'summer_promo',
        language: { code: 'en_US' },
        components: [
          { type: 'header', parameters: [{ type: 'image', image: { link: 'https://example.com/promo.jpeg' } }] },
          { type: 'body', parameters: [{ type: 'text', text: 'Jack' }, { type: 'text', text: '20%' }] },
        ],
      },
      'Hi Jack, our summer collection is here: 20% off everything this week.',
    ],
    [
      'a document header',
      { to: '+15550200003', type: 'document', template_uuid: uuidOf('invoice_ready'), content: { url: 'https://example.com/invoice.pdf' }, template_values: ['Ann', 'INV-0042'] },
      {
        name: 'invoice_ready',
        language: { code: 'en_US' },
        components: [
          { type: 'header', parameters: [{ type: 'document', document: { link: 'https://example.com/invoice.pdf' } }] },
          { type: 'body', parameters: [{ type: 'text', text: 'Ann' }, { type: 'text', text: 'INV-0042' }] },
        ],
      },
      'Hi Ann, your invoice INV-0042 is attached.',
    ],
    [
      'a video header, in Spanish',
      { to: '+15550200004', type: 'video', template_uuid: uuidOf('product_launch', 'es'), content: { url: 'https://example.com/clip.mp4', text: 'Juan' } },
      {
        name: 'product_launch',
        language: { code: 'es' },
        components: [
          { type: 'header', parameters: [{ type: 'video', video: { link: 'https://example.com/clip.mp4' } }] },
          { type: 'body', parameters: [{ type: 'text', text: 'Juan' }] },
        ],
      },
      '¡Hola Juan! Mira nuestro nuevo producto.',
    ],
    [
      'a text header and no placeholders',
      { to: '+15550200005', type: 'text', template_uuid: uuidOf('hello_world'), content: { text: 'Hi' } },
      { name: 'hello_world', language: { code: 'en_US' } },
      'Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification from the Cloud API, hosted by Meta. Thank you for taking the time to test with us.',
    ],
  ])('sends a template with %s as the exact Graph API payload, and it reaches read', async (_case, request, template, renderedText) => {
    // A template starts a conversation: the customer need not have written.
    const uuid = await send(request);
    const message = await finalStatus(uuid);
    expect({ status: message.status, failure: message.failure }).toEqual({ status: 'read', failure: undefined });
    // The ledger keeps the text as the customer reads it.
    expect(message.renderedText).toBe(renderedText);
    expect(await received(uuid)).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: request.to.slice(1),
      type: 'template',
      template,
      biz_opaque_callback_data: uuid,
    });
  });

  it('lists the team’s templates, synced from its WhatsApp account, and syncs them again on demand', async () => {
    const headers = { authorization: `Bearer ${platform.apiKey}` };
    const { templates } = (await (await fetch(`${platform.ingressUrl}/templates`, { headers })).json()) as {
      templates: Array<{ uuid: string; name: string; language: string; status: string; text: string; placeholders: number; header: string }>;
    };
    const byKey = Object.fromEntries(templates.map((template) => [`${template.name}/${template.language}`, template]));
    expect(byKey['greeting/en_US']).toMatchObject({ uuid: uuidOf('greeting'), status: 'APPROVED', text: 'Hello {{1}}', placeholders: 1, header: 'NONE' });
    expect(byKey['greeting/es']).toMatchObject({ uuid: uuidOf('greeting', 'es'), text: 'Hola {{1}}' });
    expect(byKey['summer_promo/en_US']).toMatchObject({ header: 'IMAGE', placeholders: 2 });
    expect(byKey['invoice_ready/en_US']).toMatchObject({ header: 'DOCUMENT' });
    expect(byKey['product_launch/es']).toMatchObject({ header: 'VIDEO' });
    expect(byKey['spring_sale/en_US']).toMatchObject({ status: 'PAUSED' });

    const sync = await fetch(`${platform.ingressUrl}/templates/sync`, { method: 'POST', headers });
    expect(sync.status).toBe(200);
    expect(await sync.json()).toEqual({ synced: templates.length });
    expect((await fetch(`${platform.ingressUrl}/templates`)).status).toBe(401);
  });

  it('sends a template the store does not have yet (approved since the last sync, or a sync that failed): its account is synced first', async () => {
    await withDatabase((database) => database.query(`DELETE FROM template.templates WHERE name = 'greeting'`));
    const uuid = await send({ to: '+15550200030', type: 'text', template_uuid: uuidOf('greeting'), content: { text: 'Ana' } });
    expect(await finalStatus(uuid)).toMatchObject({ status: 'read' });
    const { rows } = await withDatabase((database) => database.query(`SELECT language FROM template.templates WHERE name = 'greeting'`));
    expect(rows.length).toBeGreaterThan(0);
  });

  it('refuses a template of another WhatsApp account than the sending channel’s', async () => {
    const cli = (...args: string[]) =>
      JSON.parse(
        execFileSync(process.execPath, [path.join(workspaceRoot, 'dist/apps/ingress/src/cli.js'), ...args, '--json'], { env: process.env, encoding: 'utf8' }),
      );
    const team = cli('teams', 'create', '--name', 'Other account');
    cli('channels', 'add', '--team', team.uuid, '--name', 'Other', '--phone-number-id', '100000000000077', '--waba-id', '200000000000002', '--access-token-file', accessTokenFile('other'));
    const key = cli('keys', 'create', '--team', team.uuid).secret as string;
    const response = await fetch(`${platform.ingressUrl}/messages/send`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      // The demo account's greeting: the other account has its own (its own uuid), not this one.
      body: JSON.stringify({ to: '+15550200010', from: 'whatsapp', type: 'text', template_uuid: uuidOf('greeting'), optin_contact: true, content: { text: 'x' } }),
    });
    const { message } = (await response.json()) as SendMessageResponse;
    const refused = await eventually(async () => {
      const status = await fetch(`${platform.ingressUrl}/messages/status/${message.uuid}`, { headers: { authorization: `Bearer ${key}` } });
      const current = ((await status.json()) as MessageStatusResponse).message;
      return current.status === 'rejected' ? current : undefined;
    }, 30_000);
    expect(refused.failure?.code).toBe('template_not_found');
  });

  it.each([
    ['a paused template', { to: '+15550200005', type: 'text', template_uuid: uuidOf('spring_sale'), content: { text: '30%' } }, 'template_not_approved'],
    ['an unknown template', { to: '+15550200006', type: 'text', template_uuid: uuidOf('no_such_template'), content: { text: 'x' } }, 'template_not_found'],
    ['the wrong number of values', { to: '+15550200007', type: 'text', template_uuid: uuidOf('greeting'), content: {}, template_values: ['a', 'b'] }, 'template_parameter_count_mismatch'],
    ['a media kind the header does not have', { to: '+15550200008', type: 'video', template_uuid: uuidOf('summer_promo'), content: { url: 'https://example.com/a.mp4' }, template_values: ['a', 'b'] }, 'template_media_mismatch'],
    ['no opt-in', { to: '+15550200009', type: 'text', template_uuid: uuidOf('greeting'), content: { text: 'x' }, optin_contact: false }, 'optin_required'],
  ])('refuses %s before anything is sent', async (_case, request, code) => {
    const uuid = await send(request);
    const message = await finalStatus(uuid);
    expect(message.status).toBe('rejected');
    expect(message.failure?.code).toBe(code);
    expect(await received(uuid)).toBeUndefined();
    // A dry run of the same request says so, too.
    const dryRun = await fetch(`${platform.ingressUrl}/messages/validate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${platform.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ from: 'whatsapp', optin_contact: true, ...request }),
    });
    // A template may go out whatever the window: the dry run tells it beside the refusal.
    expect(await dryRun.json()).toEqual({ valid: false, reason: { code, message: expect.any(String) }, window: { open: false, closesAt: null } });
  });

  describe('languages and status changes', () => {
    const cli = (...args: string[]) =>
      JSON.parse(
        execFileSync(process.execPath, [path.join(workspaceRoot, 'dist/apps/ingress/src/cli.js'), ...args, '--json'], {
          env: { ...process.env, ...platform.services.ingress.env, LOG_LEVEL: 'silent' },
          encoding: 'utf8',
        }),
      );
    const sentTemplate = async (uuid: string) => {
      expect((await finalStatus(uuid)).status).toBe('read');
      return ((await received(uuid)) as { template?: { language: { code: string } } } | undefined)?.template;
    };
    const channelLanguageIs = async (language: string) => {
      await withDatabase((database) =>
        eventually(async () => {
          const { rows } = await database.query('SELECT language FROM template.channels WHERE uuid = $1', [platform.channelUuid]);
          return rows[0]?.language === language ? true : undefined;
        }),
      );
    };

    it('sends the language the request names', async () => {
      const uuid = await send({ to: '+15550200020', type: 'text', template_uuid: uuidOf('greeting'), template_language: 'es', content: { text: 'Ana' } });
      expect(await sentTemplate(uuid)).toMatchObject({ language: { code: 'es' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }] });
      expect((await finalStatus(uuid)).renderedText).toBe('Hola Ana');
    });

    it('refuses a language the template does not exist in, naming those it does', async () => {
      const request = { to: '+15550200021', type: 'text', template_uuid: uuidOf('greeting'), template_language: 'pt_BR', content: { text: 'Ana' } };
      const message = await finalStatus(await send(request));
      expect(message).toMatchObject({ status: 'rejected', failure: { code: 'template_language_unavailable', message: expect.stringContaining('en_US, es') } });
    });

    it("sends the channel's language by default when the template has it", async () => {
      cli('channels', 'set', '--channel', platform.channelUuid, '--language', 'es');
      try {
        await channelLanguageIs('es');
        const uuid = await send({ to: '+15550200022', type: 'text', template_uuid: uuidOf('greeting'), content: { text: 'Ana' } });
        expect(await sentTemplate(uuid)).toMatchObject({ language: { code: 'es' } });
        // invoice_ready exists in en_US only: it goes out in en_US.
        const english = await send({
          to: '+15550200023',
          type: 'document',
          template_uuid: uuidOf('invoice_ready'),
          content: { url: 'https://example.com/invoice.pdf', filename: 'invoice.pdf' },
          template_values: ['Ana', 'INV-1'],
        });
        expect(await sentTemplate(english)).toMatchObject({ language: { code: 'en_US' } });
      } finally {
        cli('channels', 'set', '--channel', platform.channelUuid, '--language', 'en_US');
        await channelLanguageIs('en_US');
      }
    });

    it('sees a template Meta paused at the next sync (the CLI asks for one), and refuses to send it', async () => {
      const headers = { authorization: `Bearer ${platform.apiKey}` };
      const statusOf = async () => {
        const { templates } = (await (await fetch(`${platform.ingressUrl}/templates`, { headers })).json()) as {
          templates: Array<{ name: string; language: string; status: string }>;
        };
        return templates.find((template) => template.name === 'order_shipped' && template.language === 'en_US')?.status;
      };
      const setStatus = (status: string) =>
        fetch(`${platform.sandboxUrl}/_sandbox/templates/order_shipped/en_US`, {
          method: 'PUT',
          headers: { ...platform.internalHeaders, 'content-type': 'application/json' },
          body: JSON.stringify({ status }),
        });
      expect(await statusOf()).toBe('APPROVED');
      try {
        expect((await setStatus('PAUSED')).status).toBe(200);
        expect(await statusOf()).toBe('APPROVED');
        const synced = cli('templates', 'sync', '--team', platform.teamUuid);
        expect(synced).toEqual({ team: platform.teamUuid, synced: expect.any(Number) });
        expect(await statusOf()).toBe('PAUSED');
        const paused = (messages: Array<{ value: Buffer | null }>) =>
          messages
            .map((message) => (JSON.parse(String(message.value)) as { data: TemplateStatusData }).data)
            .filter((data) => data.templateUuid === uuidOf('order_shipped') && data.status === 'PAUSED');
        expect(paused(await readTopic(Topics.TemplateStatus, (messages) => paused(messages).length > 0))).toEqual([
          {
            templateUuid: uuidOf('order_shipped'),
            wabaId: waba,
            teamUuids: expect.arrayContaining([platform.teamUuid]),
            name: 'order_shipped',
            language: 'en_US',
            status: 'PAUSED',
            previousStatus: 'APPROVED',
            at: expect.any(String),
          },
        ]);
        const message = await finalStatus(
          await send({ to: '+15550200024', type: 'text', template_uuid: uuidOf('order_shipped'), template_values: ['Ana', '#1', 'track/1'], content: {} }),
        );
        expect(message).toMatchObject({ status: 'rejected', failure: { code: 'template_not_approved' } });
      } finally {
        await fetch(`${platform.sandboxUrl}/_sandbox/templates/statuses`, { method: 'DELETE', headers: platform.internalHeaders });
        cli('templates', 'sync', '--team', platform.teamUuid);
      }
      expect(await statusOf()).toBe('APPROVED');
    });
  });
});
