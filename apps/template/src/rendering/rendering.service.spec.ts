import { SendMessageDto } from '@herald/contracts';
import { outboundOf } from './rendering.service';

const request = (overrides: Partial<SendMessageDto>) =>
  ({ to: '+31612345678', from: 'whatsapp', type: 'text', content: { text: 'Hi' }, ...overrides }) as SendMessageDto;

describe('outboundOf', () => {
  it('passes text through exactly, with link previews off', () => {
    expect(outboundOf(request({ content: { text: '  Hello {{1}} 👋\n' } }))).toEqual({
      kind: 'text',
      text: { body: '  Hello {{1}} 👋\n', previewUrl: false },
    });
  });

  it('turns an image with a caption into media with a caption', () => {
    expect(outboundOf(request({ type: 'image', content: { url: 'https://example.com/a.jpeg', text: 'Look' } as never }))).toEqual({
      kind: 'image',
      media: { link: 'https://example.com/a.jpeg', caption: 'Look' },
    });
  });

  it('keeps a document’s file name', () => {
    expect(
      outboundOf(request({ type: 'document', content: { url: 'https://example.com/i.pdf', filename: 'invoice.pdf' } as never })),
    ).toEqual({ kind: 'document', media: { link: 'https://example.com/i.pdf', filename: 'invoice.pdf' } });
  });

  it('sends audio as the media alone', () => {
    expect(outboundOf(request({ type: 'audio', content: { url: 'https://example.com/n.mp3' } as never }))).toEqual({
      kind: 'audio',
      media: { link: 'https://example.com/n.mp3' },
    });
  });
});
