import { SendMessageDto } from '@herald/contracts';
import { fillPlaceholders, placeholderCount, RenderableTemplate, renderTemplate } from './template-renderer';

const template = (body: string, header?: RenderableTemplate['components'][number], status = 'APPROVED'): RenderableTemplate => ({
  name: 'example',
  language: 'en_US',
  status,
  components: [...(header ? [header] : []), { type: 'BODY', text: body }],
});
const request = (overrides: Partial<SendMessageDto>) =>
  ({
    to: '+31612345678',
    from: 'whatsapp',
    type: 'text',
    content: {},
    template_uuid: 'd980fb66fd5043d3ace1aac06e7ba6a7',
    optin_contact: true,
    ...overrides,
  }) as SendMessageDto;

describe('placeholders', () => {
  it('counts to the highest number, so {{10}} is not {{1}}', () => {
    expect(placeholderCount('a {{1}} b {{10}} c {{2}}')).toBe(10);
    expect(placeholderCount('no placeholders')).toBe(0);
  });

  it('fills a repeated placeholder everywhere, and {{10}} with the tenth value', () => {
    const values = ['one', '2', '3', '4', '5', '6', '7', '8', '9', 'ten'];
    expect(fillPlaceholders('{{1}} and {{1}}, {{10}}', values)).toBe('one and one, ten');
  });

  it('leaves a value containing {{2}} as written', () => {
    expect(fillPlaceholders('Hi {{1}}, see {{2}}', ['{{2}}', 'x'])).toBe('Hi {{2}}, see x');
  });

  it('keeps values exactly: emoji, markup, spaces, empty strings', () => {
    expect(fillPlaceholders('[{{1}}][{{2}}][{{3}}]', ['😀 <b>&amp;', '  two  ', ''])).toBe('[😀 <b>&amp;][  two  ][]');
  });
});

describe('renderTemplate', () => {
  it('renders `Hello {{1}}` with content.text', () => {
    expect(renderTemplate(template('Hello {{1}}'), request({ content: { text: 'John Doe' } as never }))).toEqual({
      ok: true,
      renderedText: 'Hello John Doe',
      outbound: {
        kind: 'template',
        template: { name: 'example', language: 'en_US', components: [{ type: 'body', parameters: [{ type: 'text', text: 'John Doe' }] }] },
      },
    });
  });

  it('fills several placeholders from template_values in order, ignoring content', () => {
    const rendering = renderTemplate(
      template('Hello {{1}}, this is a template {{2}} example. {{3}}!'),
      request({ template_values: ['Jack', 'message', 'Cheers'], content: { text: 'ignored' } as never }),
    );
    expect(rendering).toMatchObject({ ok: true, renderedText: 'Hello Jack, this is a template message example. Cheers!' });
  });

  it('puts a media header first, with the media kind of the template', () => {
    const rendering = renderTemplate(
      template('Hi {{1}}', { type: 'HEADER', format: 'IMAGE' }),
      request({ type: 'image', content: { url: 'https://example.com/p.jpeg', text: 'Ann' } as never }),
    );
    expect(rendering).toMatchObject({
      ok: true,
      outbound: {
        template: {
          components: [
            { type: 'header', parameters: [{ type: 'image', image: { link: 'https://example.com/p.jpeg' } }] },
            { type: 'body', parameters: [{ type: 'text', text: 'Ann' }] },
          ],
        },
      },
    });
  });

  it.each([
    ['a template that is not approved', template('Hi', undefined, 'PAUSED'), request({}), 'template_not_approved'],
    ['too few values', template('{{1}} {{2}}'), request({ template_values: ['a'] }), 'template_parameter_count_mismatch'],
    ['too many values', template('{{1}}'), request({ template_values: ['a', 'b'] }), 'template_parameter_count_mismatch'],
    ['a value where none is taken', template('No placeholders'), request({ template_values: ['a'] }), 'template_parameter_count_mismatch'],
    ['a value with a newline', template('{{1}}'), request({ template_values: ['a\nb'] }), 'template_parameter_invalid'],
    ['a value with five spaces in a row', template('{{1}}'), request({ template_values: ['a     b'] }), 'template_parameter_invalid'],
    ['a media header without a url', template('Hi', { type: 'HEADER', format: 'DOCUMENT' }), request({ type: 'document' }), 'template_media_missing'],
    [
      'a media kind that does not match the header',
      template('Hi', { type: 'HEADER', format: 'VIDEO' }),
      request({ type: 'image', content: { url: 'https://example.com/a.jpeg' } as never }),
      'template_media_mismatch',
    ],
    ['media on a template without a media header', template('Hi'), request({ type: 'image', content: { url: 'https://example.com/a.jpeg' } as never }), 'template_media_mismatch'],
  ])('refuses %s', (_case, renderable, message, code) => {
    expect(renderTemplate(renderable, message)).toEqual({ ok: false, code, message: expect.any(String) });
  });
});
