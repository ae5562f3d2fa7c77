import fc from 'fast-check';
import { GraphApiError } from '../graph/graph-api.error';
import { parseSendMessageRequest } from './send-message.dto';

/**
 * Interactive messages generated around every limit, judged twice: by the sandbox's validator and by the oracle
 * below, written from WhatsApp's published limits alone. The two must agree on whether a message is valid and, when
 * it is not, on exactly which fields are wrong.
 */
const LIMITS = {
  header: 60,
  body: 1024,
  footer: 60,
  buttons: 3,
  buttonTitle: 20,
  buttonId: 256,
  listButton: 20,
  sections: 10,
  rows: 10,
  sectionTitle: 24,
  rowId: 200,
  rowTitle: 24,
  rowDescription: 72,
  displayText: 20,
};

/** Characters that each count as one, however the length is counted. */
const text = (length: number) => fc.array(fc.constantFrom('a', 'b', 'Z', 'é', ' ', '7'), { minLength: length, maxLength: length }).map((units) => units.join(''));
/** A length at the limit, just over or under it, empty, or (most often, so valid messages come up) in between. */
const lengthAround = (limit: number) =>
  fc.oneof(
    { arbitrary: fc.integer({ min: 1, max: limit }), weight: 8 },
    { arbitrary: fc.integer({ min: limit - 1, max: limit + 1 }), weight: 3 },
    { arbitrary: fc.constant(0), weight: 1 },
  );
const textAround = (limit: number) => lengthAround(limit).chain(text);
/** Ids made distinct by a prefix, except when the generator chooses to repeat one. */
const idAround = (limit: number) => fc.tuple(fc.integer({ min: 0, max: 3 }), lengthAround(limit)).map(([prefix, length]) => `${prefix}${'i'.repeat(Math.max(0, length - 1))}`);

const header = fc.option(
  fc.oneof(
    textAround(LIMITS.header).map((headerText) => ({ type: 'text', text: headerText })),
    fc.constant({ type: 'image', image: { link: 'https://example.com/a.jpg' } }),
  ),
  { nil: undefined },
);
const footer = fc.option(textAround(LIMITS.footer).map((footerText) => ({ text: footerText })), { nil: undefined });

const buttonsAction = fc.record({
  buttons: fc.array(
    fc.record({ type: fc.constant('reply'), reply: fc.record({ id: idAround(LIMITS.buttonId), title: textAround(LIMITS.buttonTitle) }) }),
    { minLength: 0, maxLength: LIMITS.buttons + 1 },
  ),
});
const row = fc.record(
  { id: idAround(LIMITS.rowId), title: textAround(LIMITS.rowTitle), description: textAround(LIMITS.rowDescription) },
  { requiredKeys: ['id', 'title'] },
);
const listAction = fc.record({
  button: textAround(LIMITS.listButton),
  sections: fc.array(
    fc.record({ title: textAround(LIMITS.sectionTitle), rows: fc.array(row, { minLength: 0, maxLength: 4 }) }, { requiredKeys: ['rows'] }),
    { minLength: 0, maxLength: LIMITS.sections + 1 },
  ),
});
const ctaAction = fc.record({
  name: fc.constant('cta_url'),
  parameters: fc.record({
    display_text: textAround(LIMITS.displayText),
    url: fc.constantFrom('https://example.com/dates?id=1', 'http://example.com', 'ftp://example.com/a', 'see our site'),
  }),
});

const interactiveMessage = fc
  .constantFrom('button', 'list', 'cta_url')
  .chain((type) =>
    fc.record(
      {
        type: fc.constant(type),
        header,
        body: textAround(LIMITS.body).map((bodyText) => ({ text: bodyText })),
        footer,
        action: type === 'button' ? buttonsAction : type === 'list' ? listAction : ctaAction,
      },
      { requiredKeys: ['type', 'body', 'action'] },
    ),
  );

type Generated = {
  type: string;
  header?: { type: string; text?: string };
  body: { text: string };
  footer?: { text: string };
  action: Record<string, unknown>;
};

/** The fields of an interactive message that break WhatsApp's rules, by the rules alone. */
function oracle(message: Generated): Set<string> {
  const wrong = new Set<string>();
  const check = (field: string, value: string | undefined, limit: number, optional = false) => {
    if (value === undefined ? !optional : value.length === 0 || value.length > limit) wrong.add(field);
  };
  const allDistinct = (values: string[]) => new Set(values).size === values.length;
  const at = 'interactive';
  if (message.header) {
    if (message.type === 'list' && message.header.type !== 'text') wrong.add(`${at}.header`);
    if (message.header.type === 'text') check(`${at}.header.text`, message.header.text, LIMITS.header);
  }
  check(`${at}.body.text`, message.body.text, LIMITS.body);
  if (message.footer) check(`${at}.footer.text`, message.footer.text, LIMITS.footer);
  if (message.type === 'button') {
    const buttons = message.action.buttons as Array<{ reply: { id: string; title: string } }>;
    if (
      buttons.length < 1 ||
      buttons.length > LIMITS.buttons ||
      !allDistinct(buttons.map((button) => button.reply.title)) ||
      !allDistinct(buttons.map((button) => button.reply.id))
    ) {
      wrong.add(`${at}.action.buttons`);
    }
    buttons.forEach((button, index) => {
      check(`${at}.action.buttons.${index}.reply.id`, button.reply.id, LIMITS.buttonId);
      check(`${at}.action.buttons.${index}.reply.title`, button.reply.title, LIMITS.buttonTitle);
    });
  } else if (message.type === 'list') {
    const sections = message.action.sections as Array<{ title?: string; rows: Array<{ id: string; title: string; description?: string }> }>;
    const rows = sections.flatMap((section) => section.rows);
    check(`${at}.action.button`, message.action.button as string, LIMITS.listButton);
    if (
      sections.length < 1 ||
      sections.length > LIMITS.sections ||
      rows.length > LIMITS.rows ||
      (sections.length > 1 && sections.some((section) => section.title === undefined)) ||
      !allDistinct(rows.map((listRow) => listRow.id))
    ) {
      wrong.add(`${at}.action.sections`);
    }
    sections.forEach((section, index) => {
      check(`${at}.action.sections.${index}.title`, section.title, LIMITS.sectionTitle, true);
      if (section.rows.length < 1) wrong.add(`${at}.action.sections.${index}.rows`);
      section.rows.forEach((listRow, rowIndex) => {
        const field = `${at}.action.sections.${index}.rows.${rowIndex}`;
        check(`${field}.id`, listRow.id, LIMITS.rowId);
        check(`${field}.title`, listRow.title, LIMITS.rowTitle);
        check(`${field}.description`, listRow.description, LIMITS.rowDescription, true);
      });
    });
  } else {
    const parameters = message.action.parameters as { display_text: string; url: string };
    check(`${at}.action.parameters.display_text`, parameters.display_text, LIMITS.displayText);
    if (!/^https?:\/\/[^\s]+$/.test(parameters.url)) wrong.add(`${at}.action.parameters.url`);
  }
  return wrong;
}

/** The fields the sandbox names in its (#100) answer, or none when it accepts the message. */
function sandboxVerdict(message: Generated): Set<string> {
  try {
    parseSendMessageRequest({ messaging_product: 'whatsapp', to: '15550001111', type: 'interactive', interactive: message });
    return new Set();
  } catch (error) {
    if (!(error instanceof GraphApiError) || error.code !== 100) throw error;
    return new Set((error.details ?? '').split('; ').map((problem) => problem.split(' ')[0]));
  }
}

describe('interactive messages around every limit', () => {
  it("the sandbox accepts exactly what WhatsApp's limits allow, and names each field that breaks one", () => {
    fc.assert(
      fc.property(interactiveMessage, (message) => {
        expect(sandboxVerdict(message as Generated)).toEqual(oracle(message as Generated));
      }),
      { numRuns: 400 },
    );
  });

  it('generates both verdicts often enough to mean something', () => {
    const verdicts = fc.sample(interactiveMessage, 400).map((message) => oracle(message as Generated).size === 0);
    expect(verdicts.filter(Boolean).length).toBeGreaterThan(40);
    expect(verdicts.filter((valid) => !valid).length).toBeGreaterThan(40);
  });
});
