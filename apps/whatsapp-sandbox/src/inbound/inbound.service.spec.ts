import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { SandboxConfig } from '../config/sandbox.config';
import { SimulateInboundDto } from './inbound.dto';
import { InboundService } from './inbound.service';

const service = new InboundService(new SandboxConfig());
const at = new Date('2030-01-01T00:00:00.000Z');

/** The request as the controller's pipe reads it, or the fields it refuses. */
function read(body: Record<string, unknown>): SimulateInboundDto | string[] {
  const input = plainToInstance(SimulateInboundDto, body);
  const errors = validateSync(input, { whitelist: true, forbidNonWhitelisted: true });
  return errors.length > 0 ? errors.map((error) => error.property) : input;
}

/** The one message of the webhook the sandbox builds for this request. */
function messageFor(body: Record<string, unknown>): Record<string, unknown> {
  const input = read({ from: '+15550001111', ...body });
  if (Array.isArray(input)) throw new Error(`refused: ${input.join(', ')}`);
  return service.buildPayload(input, at, 'wamid.X').entry[0].changes[0].value.messages![0];
}

describe('the inbound messages the sandbox sends', () => {
  it('writes a text as Meta does', () => {
    expect(messageFor({ text: 'Hi' })).toEqual({ from: '15550001111', id: 'wamid.X', timestamp: '1893456000', type: 'text', text: { body: 'Hi' } });
  });

  it('writes an image with its caption, a media id and a hash', () => {
    const message = messageFor({ image: { caption: 'my order' } });
    expect(message).toMatchObject({ type: 'image', image: { caption: 'my order', mime_type: 'image/jpeg', id: expect.stringMatching(/^\d+$/), sha256: expect.any(String) } });
    expect(message).not.toHaveProperty('text');
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
  ])('refuses %s', (_case, body, fields) => {
    expect(read({ from: '+15550001111', ...body })).toEqual(fields);
  });
});
