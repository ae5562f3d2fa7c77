import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { createHash } from 'node:crypto';
import { SandboxConfig } from '../config/sandbox.config';
import { MediaStore } from '../media/media.store';
import { ReceivedMessageRegistry } from '../read-receipts/received-message.registry';
import { SimulateInboundDto } from './inbound.dto';
import { InboundService } from './inbound.service';

const media = new MediaStore();
const received = new ReceivedMessageRegistry();
const service = new InboundService(Object.assign(new SandboxConfig(), { WHATSAPP_APP_SECRET: 'the-sandbox-app-secret', WEBHOOK_URL: 'http://127.0.0.1:9/webhooks/whatsapp' }), media, received);
const at = new Date('2030-01-01T00:00:00.000Z');

/** The request as the controller's pipe reads it, or the fields it refuses. */
function read(body: Record<string, unknown>): SimulateInboundDto | string[] {
  const input = plainToInstance(SimulateInboundDto, body);
  const errors = validateSync(input, { whitelist: true, forbidNonWhitelisted: true });
  return errors.length > 0 ? errors.map((error) => error.property) : input;
}

/** The one message of the webhook the sandbox builds for this request. */
function messageFor(body: Record<string, unknown>): Record<string, unknown> {
  return payloadFor(body).messages![0];
}

function payloadFor(body: Record<string, unknown>) {
  const input = read({ from: '+15550001111', ...body });
  if (Array.isArray(input)) throw new Error(`refused: ${input.join(', ')}`);
  return service.buildPayload(input, at, 'wamid.X').entry[0].changes[0].value;
}

/** The bytes kept under the media id of a message's media object, and what the webhook said of them. */
function keptMedia(message: Record<string, unknown>) {
  const object = message[message.type as string] as { id: string; mime_type: string; sha256: string };
  const stored = media.get(object.id);
  if (!stored) throw new Error(`no media ${object.id}`);
  return { object, stored };
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('base64');

describe('the inbound messages the sandbox sends', () => {
  it('writes a text as Meta does', () => {
    expect(messageFor({ text: 'Hi' })).toEqual({ from: '15550001111', id: 'wamid.X', timestamp: '1893456000', type: 'text', text: { body: 'Hi' } });
  });

  it('writes an image with its caption, a media id and its hash, and keeps a valid picture of its own under that id', () => {
    const message = messageFor({ image: { caption: 'my order' } });
    expect(message).toMatchObject({ type: 'image', image: { caption: 'my order', mime_type: 'image/png', id: expect.stringMatching(/^\d+$/) } });
    expect(message).not.toHaveProperty('text');
    const { object, stored } = keptMedia(message);
    expect(stored.bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(object.sha256).toBe(sha256(stored.bytes));
  });

  it('keeps the bytes a request gives, as a JPEG unless it names another type', () => {
    const bytes = Buffer.from('not really a jpeg, but the bytes a test chose');
    const { object, stored } = keptMedia(messageFor({ image: { data: bytes.toString('base64') } }));
    expect(stored).toMatchObject({ bytes, mimeType: 'image/jpeg', phoneNumberId: new SandboxConfig().SANDBOX_PHONE_NUMBER_ID });
    expect(object).toMatchObject({ mime_type: 'image/jpeg', sha256: sha256(bytes) });
    expect(keptMedia(messageFor({ image: { data: bytes.toString('base64'), mime_type: 'image/gif' }, phone_number_id: '123' })).stored).toMatchObject({
      mimeType: 'image/gif',
      phoneNumberId: '123',
    });
  });

  it('writes a sticker and a document, each with its bytes kept', () => {
    const sticker = messageFor({ sticker: { animated: true, data: Buffer.from('RIFF').toString('base64') } });
    expect(sticker).toMatchObject({ type: 'sticker', sticker: { mime_type: 'image/webp', animated: true, id: expect.stringMatching(/^\d+$/) } });
    expect(keptMedia(sticker).stored.bytes.toString()).toBe('RIFF');
    expect(messageFor({ sticker: {} })).toMatchObject({ sticker: { mime_type: 'image/png', animated: false } });

    const document = messageFor({ document: { caption: 'the invoice' } });
    expect(document).toMatchObject({ type: 'document', document: { caption: 'the invoice', filename: 'document.pdf', mime_type: 'application/pdf' } });
    expect(keptMedia(document).stored.bytes.toString('latin1')).toMatch(/^%PDF-1\.4\n[\s\S]*%%EOF\n$/);
    expect(messageFor({ document: { filename: 'notes.txt', mime_type: 'text/plain', data: Buffer.from('hi').toString('base64') } })).toMatchObject({
      document: { filename: 'notes.txt', mime_type: 'text/plain' },
    });
  });

  it('writes shared contact cards as Meta does', () => {
    const card = { name: { formatted_name: 'Lucía Gómez', first_name: 'Lucía' }, phones: [{ phone: '+1 (983) 555-2319', wa_id: '19835552319', type: 'MOBILE' }] };
    expect(messageFor({ contacts: [card] })).toEqual({ from: '15550001111', id: 'wamid.X', timestamp: '1893456000', type: 'contacts', contacts: [card] });
  });

  it("names the customer's profile as Meta does, Sandbox Customer unless told", () => {
    expect(payloadFor({ text: 'Hi' }).contacts).toEqual([{ profile: { name: 'Sandbox Customer' }, wa_id: '15550001111' }]);
    expect(payloadFor({ text: 'Hi', profile_name: 'Sheena Nelson' }).contacts).toEqual([{ profile: { name: 'Sheena Nelson' }, wa_id: '15550001111' }]);
    expect(payloadFor({ text: 'Hi', name: 'Older Spelling' }).contacts).toEqual([{ profile: { name: 'Older Spelling' }, wa_id: '15550001111' }]);
  });

  it('writes a location and a quick reply, its payload the text unless given', () => {
    expect(messageFor({ location: { latitude: 48.8584, longitude: 2.2945, name: 'Tour Eiffel' } })).toMatchObject({
      type: 'location',
      location: { latitude: 48.8584, longitude: 2.2945, name: 'Tour Eiffel' },
    });
    expect(messageFor({ button: { text: 'STOP' } })).toMatchObject({ type: 'button', button: { payload: 'STOP', text: 'STOP' } });
    expect(messageFor({ button: { text: 'Yes', payload: 'confirm' } })).toMatchObject({ button: { payload: 'confirm', text: 'Yes' } });
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['nothing to send', {}, ['text']],
    ['a text and an image', { text: 'Hi', image: {} }, ['text', 'image']],
    ['an image and a location', { image: {}, location: { latitude: 1, longitude: 1 } }, ['image', 'location']],
    ['a latitude off the globe', { location: { latitude: 91, longitude: 0 } }, ['location']],
    ['a button without its text', { button: { payload: 'p' } }, ['button']],
    ['a field Meta has not', { image: { caption: 'x', size: 3 } }, ['image']],
    ['an image whose data is not base64', { image: { data: 'not base64!' } }, ['image']],
    ['a sticker and a document', { sticker: {}, document: {} }, ['sticker', 'document']],
    ['a document of no media type', { document: { mime_type: 'pdf' } }, ['document']],
    ['no contact cards', { contacts: [] }, ['contacts']],
    ['a contact card without its name', { contacts: [{ phones: [{ phone: '+15550002222' }] }] }, ['contacts']],
  ])('refuses %s', (_case, body, fields) => {
    expect(read({ from: '+15550001111', ...body })).toEqual(fields);
  });

  it('remembers each message it delivers, by wamid, number and customer, so a read receipt for it is accepted', async () => {
    const fetching = jest.spyOn(global, 'fetch').mockResolvedValue(new Response(null, { status: 200 }));
    try {
      const input = read({ from: '+15550001111', phone_number_id: '100000000000777', text: 'Hi' });
      if (Array.isArray(input)) throw new Error(`refused: ${input.join(', ')}`);

      const delivery = await service.deliver(input);

      expect(received.find(delivery.wamid)).toEqual({ wamid: delivery.wamid, phoneNumberId: '100000000000777', from: '15550001111' });
    } finally {
      fetching.mockRestore();
    }
  });
});
