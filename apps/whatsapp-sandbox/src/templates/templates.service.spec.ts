import type { GraphTemplateObject } from '@herald/whatsapp';
import { GraphApiError } from '../graph/graph-api.error';
import { validateGraphInput } from '../graph/validate-graph-input';
import { ListTemplatesQueryDto } from './list-templates.dto';
import { TEMPLATE_CATALOGUE } from './template-catalogue';
import { placeholderCount, TemplatesService } from './templates.service';

const PAGE_URL = 'http://127.0.0.1:3100/v23.0/100000000000001/message_templates';
const templates = new TemplatesService();
const query = (raw: Record<string, string>) => validateGraphInput(ListTemplatesQueryDto, raw, 'query');

function errorOf(send: GraphTemplateObject): GraphApiError {
  try {
    templates.assertSendable(send);
  } catch (error) {
    if (error instanceof GraphApiError) return error;
    throw error;
  }
  throw new Error('expected the send to be refused');
}

const text = (value: string) => ({ type: 'text' as const, text: value });

describe('TemplatesService.list', () => {
  it('answers every template on one page by default (25), without a next page', () => {
    const page = templates.list(query({}), PAGE_URL);
    expect(page.data).toHaveLength(TEMPLATE_CATALOGUE.length);
    expect(page.paging?.next).toBeUndefined();
    expect(page.paging?.cursors.before).toBeTruthy();
  });

  it('pages with limit and follows paging.next to the end', () => {
    const seen: string[] = [];
    let page = templates.list(query({ limit: '4' }), PAGE_URL);
    seen.push(...page.data.map((template) => template.id));
    expect(page.data).toHaveLength(4);
    expect(page.paging?.next).toBe(`${PAGE_URL}?limit=4&after=${page.paging?.cursors.after}`);
    while (page.paging?.next) {
      const next = new URL(page.paging.next);
      page = templates.list(query(Object.fromEntries(next.searchParams)), PAGE_URL);
      seen.push(...page.data.map((template) => template.id));
    }
    expect(seen).toEqual(TEMPLATE_CATALOGUE.map((template) => template.id));
    expect(page.paging?.previous).toContain('before=');
  });

  it('filters by status, name and language', () => {
    expect(
      templates.list(query({ status: 'PAUSED' }), PAGE_URL).data.map((template) => template.name),
    ).toEqual(['spring_sale']);
    expect(templates.list(query({ name: 'greeting', language: 'es' }), PAGE_URL).data).toEqual([
      expect.objectContaining({ name: 'greeting', language: 'es', status: 'APPROVED' }),
    ]);
  });

  it('refuses a bad limit and an unknown cursor', () => {
    expect(() => query({ limit: '0' })).toThrow(GraphApiError);
    expect(() => query({ limit: 'ten' })).toThrow(GraphApiError);
    expect(() => templates.list(query({ after: 'bm90LWEtY3Vyc29y' }), PAGE_URL)).toThrow(GraphApiError);
  });

  it('holds the catalogue the brief asks for', () => {
    const approved = TEMPLATE_CATALOGUE.filter((template) => template.status === 'APPROVED');
    const bodyOf = (template: (typeof TEMPLATE_CATALOGUE)[number]) =>
      template.components.find((c) => c.type === 'BODY')?.text;
    expect(approved.some((template) => bodyOf(template) === 'Hello {{1}}')).toBe(true);
    expect(approved.some((template) => placeholderCount(bodyOf(template)) === 3)).toBe(true);
    for (const format of ['IMAGE', 'DOCUMENT', 'VIDEO']) {
      expect(
        approved.some((template) =>
          template.components.some((c) => c.type === 'HEADER' && c.format === format),
        ),
      ).toBe(true);
    }
    expect(TEMPLATE_CATALOGUE.map((template) => template.status)).toEqual(
      expect.arrayContaining(['PAUSED', 'REJECTED']),
    );
    expect(new Set(TEMPLATE_CATALOGUE.map((template) => template.language))).toEqual(
      new Set(['en_US', 'es']),
    );
  });
});

describe('TemplatesService.assertSendable', () => {
  it('accepts approved templates filled with the parameters they need', () => {
    expect(templates.assertSendable({ name: 'hello_world', language: { code: 'en_US' } }).id).toBe(
      '1000000000000101',
    );
    expect(
      templates.assertSendable({
        name: 'greeting',
        language: { code: 'es' },
        components: [{ type: 'body', parameters: [text('Ana')] }],
      }).language,
    ).toBe('es');
    expect(
      templates.assertSendable({
        name: 'invoice_ready',
        language: { code: 'en_US' },
        components: [
          {
            type: 'header',
            parameters: [
              { type: 'document', document: { link: 'https://example.com/i.pdf', filename: 'i.pdf' } },
            ],
          },
          { type: 'body', parameters: [text('John'), text('INV-1')] },
        ],
      }).name,
    ).toBe('invoice_ready');
  });

  it('answers 132001 for a template missing in that language, or not approved', () => {
    const missing = errorOf({ name: 'hello_world', language: { code: 'es' } });
    expect([missing.httpStatus, missing.code, missing.details]).toEqual([
      404,
      132001,
      'template name (hello_world) does not exist in es',
    ]);
    const rejected = errorOf({
      name: 'winback_offer',
      language: { code: 'en_US' },
      components: [{ type: 'body', parameters: [text('x')] }],
    });
    expect(rejected.code).toBe(132001);
    expect(rejected.details).toContain('REJECTED');
  });

  it('answers 132015 for a paused template', () => {
    const paused = errorOf({
      name: 'spring_sale',
      language: { code: 'en_US' },
      components: [{ type: 'body', parameters: [text('30%')] }],
    });
    expect([paused.httpStatus, paused.code, paused.message]).toEqual([
      400,
      132015,
      '(#132015) Template is paused',
    ]);
  });

  it('answers 132000 when the body parameters do not match the placeholders', () => {
    const error = errorOf({
      name: 'order_shipped',
      language: { code: 'en_US' },
      components: [{ type: 'body', parameters: [text('John'), text('#1')] }],
    });
    expect([error.code, error.details]).toEqual([
      132000,
      'body: number of localizable_params (2) does not match the expected number of params (3)',
    ]);
  });

  it('answers 132012 when a media header is missing or of another kind', () => {
    const body = { type: 'body' as const, parameters: [text('John'), text('20%')] };
    expect(errorOf({ name: 'summer_promo', language: { code: 'en_US' }, components: [body] }).details).toBe(
      'header: Format mismatch, expected IMAGE, received UNKNOWN',
    );
    const wrongKind = errorOf({
      name: 'summer_promo',
      language: { code: 'en_US' },
      components: [{ type: 'header', parameters: [{ type: 'video', video: { id: '1' } }] }, body],
    });
    expect([wrongKind.code, wrongKind.details]).toEqual([
      132012,
      'header: Format mismatch, expected IMAGE, received VIDEO',
    ]);
  });

  it('answers 131008 when a URL button with a placeholder gets no parameter', () => {
    const error = errorOf({
      name: 'order_shipped',
      language: { code: 'en_US' },
      components: [{ type: 'body', parameters: [text('John'), text('#1'), text('Friday')] }],
    });
    expect([error.code, error.details]).toEqual([
      131008,
      'buttons: Button at index 0 of type Url requires a parameter',
    ]);
  });
});
