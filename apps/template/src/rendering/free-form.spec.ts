import { checkContract, extensionExamples, SendMessageDto } from '@herald/contracts';
import { renderFreeForm } from './free-form';

/** An extension example, as the ingress accepted it. */
function request(example: string): SendMessageDto {
  const check = checkContract(SendMessageDto, extensionExamples[example]);
  if (!check.ok) throw new Error(`${example} is not a valid request: ${JSON.stringify(check.problems)}`);
  return check.value;
}

describe('renderFreeForm', () => {
  it("keeps an interactive message's action, its media header by link, and the body as the ledger's text", () => {
    expect(renderFreeForm(request('interactive call-to-action URL'))).toEqual({
      ok: true,
      outbound: {
        kind: 'interactive',
        interactive: {
          type: 'cta_url',
          header: { type: 'image', image: { link: 'https://example.com/dates.png' } },
          body: { text: 'Our summer dates are out' },
          action: { name: 'cta_url', parameters: { display_text: 'See dates', url: 'https://example.com/dates' } },
        },
      },
      renderedText: 'Our summer dates are out',
    });
  });

  it('names a location by its name and address, contacts by their names', () => {
    expect(renderFreeForm(request('location'))).toMatchObject({ outbound: { kind: 'location', location: { latitude: 52.3702, longitude: 4.8952 } }, renderedText: 'Herald HQ, Dam 1, Amsterdam' });
    expect(renderFreeForm(request('contacts'))).toMatchObject({ outbound: { kind: 'contacts' }, renderedText: 'Ann Smith' });
  });

  it('sends a media by id, a sticker without caption', () => {
    expect(renderFreeForm(request('image by media id'))).toMatchObject({ outbound: { kind: 'image', media: { id: '1037543291543636', caption: 'Look at this' } } });
    expect(renderFreeForm(request('sticker'))).toMatchObject({ outbound: { kind: 'sticker', media: { link: 'https://example.com/hello.webp' } } });
  });

  it('reacts and replies with the WhatsApp ids the ingress resolved', () => {
    expect(renderFreeForm(request('reaction'), { reactionToWamid: 'wamid.R' })).toEqual({
      ok: true,
      outbound: { kind: 'reaction', reaction: { messageId: 'wamid.R', emoji: '👍' } },
      renderedText: '👍',
    });
    expect(renderFreeForm(request('text replying to a message'), { replyToWamid: 'wamid.Q' })).toMatchObject({
      outbound: { kind: 'text', context: { messageId: 'wamid.Q' } },
    });
  });

  it('refuses a reply or a reaction whose WhatsApp id was not resolved', () => {
    expect(renderFreeForm(request('reaction'))).toMatchObject({ ok: false, code: 'referenced_message_unknown' });
    expect(renderFreeForm(request('text replying to a message'))).toMatchObject({ ok: false, code: 'referenced_message_unknown' });
  });
});
