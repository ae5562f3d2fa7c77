import fc from 'fast-check';

/**
 * WhatsApp's limits on interactive messages written out again from Meta's documentation, apart from Herald's
 * validator, so a property can check that the two agree on every generated message.
 */
const LIMITS = {
  header: 60,
  body: 1024,
  footer: 60,
  buttons: 3,
  buttonId: 256,
  buttonTitle: 20,
  listButton: 20,
  sections: 10,
  rows: 10,
  sectionTitle: 24,
  rowId: 200,
  rowTitle: 24,
  rowDescription: 72,
  ctaText: 20,
};

export interface GeneratedInteractive {
  content: {
    type: 'button' | 'list' | 'cta_url';
    header?: { type: 'text'; text: string } | { type: 'image'; url: string };
    body: { text: string };
    footer?: { text: string };
    action: Record<string, unknown>;
  };
}

/** A string of a length around a limit: often within it, at it, sometimes one over, rarely empty. */
const around = (limit: number) =>
  fc
    .oneof(
      { weight: 4, arbitrary: fc.integer({ min: 1, max: limit }) },
      { weight: 3, arbitrary: fc.constant(limit) },
      { weight: 1, arbitrary: fc.constant(limit + 1) },
      { weight: 1, arbitrary: fc.constant(0) },
    )
    .map((length) => 'abcdefghij'.repeat(Math.ceil(length / 10) + 1).slice(0, length));

/** A count around a limit: from none to one over. */
const countAround = (max: number) =>
  fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max }) }, { weight: 1, arbitrary: fc.constantFrom(0, max + 1) });

const distinctIds = (count: number, prefix: string) => Array.from({ length: count }, (_, index) => `${prefix}${index}`);

const header = fc.option(
  fc.oneof(
    around(LIMITS.header).map((text) => ({ type: 'text' as const, text })),
    fc.constant({ type: 'image' as const, url: 'https://example.com/header.png' }),
  ),
  { nil: undefined },
);
const footer = fc.option(around(LIMITS.footer).map((text) => ({ text })), { nil: undefined });

const buttons = countAround(LIMITS.buttons).chain((count) =>
  fc.tuple(fc.array(around(LIMITS.buttonTitle), { minLength: count, maxLength: count }), fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) })).map(([titles, sameIds]) => ({
    buttons: titles.map((title, index) => ({ type: 'reply', reply: { id: sameIds && index > 0 ? 'b0' : `b${index}`, title: `${index}${title}`.slice(0, title.length) } })),
  })),
);

const row = fc.record({ title: around(LIMITS.rowTitle), description: fc.option(around(LIMITS.rowDescription), { nil: undefined }) });
const list = fc
  .record({
    button: around(LIMITS.listButton),
    sections: fc.array(
      fc.record({ title: fc.option(around(LIMITS.sectionTitle), { nil: undefined }), rows: fc.array(row, { minLength: 0, maxLength: 4 }) }),
      { minLength: 0, maxLength: 4 },
    ),
  })
  .map(({ button, sections }) => {
    const ids = distinctIds(sections.reduce((total, section) => total + section.rows.length, 0), 'r');
    let next = 0;
    return {
      button,
      sections: sections.map(({ title, rows }) => ({
        ...(title !== undefined ? { title } : {}),
        rows: rows.map(({ title: rowTitle, description }) => ({ id: ids[next++], title: rowTitle, ...(description !== undefined ? { description } : {}) })),
      })),
    };
  });
const cta = fc.record({ display_text: around(LIMITS.ctaText), url: fc.constantFrom('https://example.com/go', 'http://example.com/go') }).map((parameters) => ({ name: 'cta_url', parameters }));

/** Interactive messages of every type, each field's length and each count around WhatsApp's limit. */
export function interactiveArbitrary(): fc.Arbitrary<GeneratedInteractive> {
  const of = (type: GeneratedInteractive['content']['type'], action: fc.Arbitrary<Record<string, unknown>>) =>
    fc.record({ header, body: around(LIMITS.body), footer, action }).map(({ header: head, body, footer: foot, action: act }) => ({
      content: { type, ...(head ? { header: head } : {}), body: { text: body }, ...(foot ? { footer: foot } : {}), action: act },
    }));
  return fc.oneof(of('button', buttons), of('list', list), of('cta_url', cta));
}

const within = (text: string | undefined, max: number) => typeof text === 'string' && text.length >= 1 && text.length <= max;
const distinct = (values: unknown[]) => new Set(values).size === values.length;

/** Whether WhatsApp takes the interactive message, by its documented limits. */
export function whatsappAccepts({ content }: GeneratedInteractive): boolean {
  const { type, header, body, footer, action } = content;
  if (!within(body.text, LIMITS.body)) return false;
  if (footer && !within(footer.text, LIMITS.footer)) return false;
  if (header?.type === 'text' && !within(header.text, LIMITS.header)) return false;
  if (type === 'button') {
    const replies = (action.buttons as Array<{ reply: { id: string; title: string } }>).map((button) => button.reply);
    return (
      replies.length >= 1 &&
      replies.length <= LIMITS.buttons &&
      replies.every((reply) => within(reply.title, LIMITS.buttonTitle) && within(reply.id, LIMITS.buttonId)) &&
      distinct(replies.map((reply) => reply.title)) &&
      distinct(replies.map((reply) => reply.id))
    );
  }
  if (type === 'list') {
    const sections = action.sections as Array<{ title?: string; rows: Array<{ id: string; title: string; description?: string }> }>;
    const rows = sections.flatMap((section) => section.rows);
    return (
      (header === undefined || header.type === 'text') &&
      within(action.button as string, LIMITS.listButton) &&
      sections.length >= 1 &&
      sections.length <= LIMITS.sections &&
      sections.every((section) => section.rows.length >= 1) &&
      rows.length <= LIMITS.rows &&
      sections.every((section) => (section.title === undefined ? sections.length === 1 : within(section.title, LIMITS.sectionTitle))) &&
      rows.every((item) => within(item.title, LIMITS.rowTitle) && (item.description === undefined || within(item.description, LIMITS.rowDescription))) &&
      distinct(rows.map((item) => item.id))
    );
  }
  const parameters = action.parameters as { display_text: string; url: string };
  return within(parameters.display_text, LIMITS.ctaText) && parameters.url.startsWith('https://');
}
