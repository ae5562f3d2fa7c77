import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { deadLetterTopic, Topics, WEBHOOK_DEAD_LETTER_TOPIC } from '@herald/contracts';
import { workspaceRoot } from './service-process';

/**
 * docs/architecture.md against the code: its diagram names every topic, and its table "topic | written by | read by"
 * has a row per topic of the catalogue (and per dead-letter topic a deployable reads), whose deployables are the
 * ones the code shows publishing and consuming it.
 */

const architecture = readFileSync(path.join(workspaceRoot, 'docs/architecture.md'), 'utf8');

/** The deployables: the apps with a src/main.ts. */
const deployables = readdirSync(path.join(workspaceRoot, 'apps')).filter((app) => existsSync(path.join(workspaceRoot, 'apps', app, 'src', 'main.ts')));

const sourcesIn = (folder: string): string[] =>
  readdirSync(path.join(workspaceRoot, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !/\.(spec|integration-spec|e2e-spec)\.ts$/.test(file))
    .map((file) => readFileSync(path.join(workspaceRoot, folder, file), 'utf8'));
const sourceOf = (app: string): string[] => sourcesIn(`apps/${app}/src`);

/** A topic as the code writes it (`Topics.MessageReady`, `deadLetterTopic(Topics.MessageReady)`, the webhook's). */
const topicExpression = String.raw`(?:deadLetterTopic\(\s*)?Topics\.\w+\)?|WEBHOOK_DEAD_LETTER_TOPIC`;

function topicNamed(expression: string): string {
  if (expression === 'WEBHOOK_DEAD_LETTER_TOPIC') return WEBHOOK_DEAD_LETTER_TOPIC;
  const [, deadLetter, key] = /^(deadLetterTopic\(\s*)?Topics\.(\w+)\)?$/.exec(expression) ?? [];
  const topic = Topics[key as keyof typeof Topics];
  if (!topic) throw new Error(`${expression} names no topic of the catalogue`);
  return deadLetter ? deadLetterTopic(topic) : topic;
}

const matches = (source: string, pattern: string): string[] =>
  [...source.matchAll(new RegExp(pattern, 'g'))].map((match) => topicNamed(match[1].trim()));

const handlersOf = (sources: string[]): string[] =>
  sources.flatMap((source) => matches(source, String.raw`@EventPattern\(\s*(${topicExpression})\s*\)`));

/** The libs with handlers of their own: a deployable that wires one of their modules consumes those topics. */
const libsWithHandlers = readdirSync(path.join(workspaceRoot, 'libs'))
  .map((lib) => sourcesIn(`libs/${lib}/src`))
  .map((sources) => ({
    modules: sources.flatMap((source) => [...source.matchAll(/export class (\w+Module)\b/g)].map((match) => match[1])),
    topics: handlersOf(sources),
  }))
  .filter((lib) => lib.topics.length > 0);

const wires = (sources: string[], module: string): boolean =>
  sources.some((source) => new RegExp(String.raw`\b${module}\.for\w+\(`).test(source));

/** Per deployable, the topics its code consumes (`@EventPattern(...)` of its own or of a lib it wires) and publishes. */
const consumed = new Map(
  deployables.map((app) => {
    const sources = sourceOf(app);
    const wired = libsWithHandlers.filter((lib) => lib.modules.some((module) => wires(sources, module)));
    return [app, new Set([...handlersOf(sources), ...wired.flatMap((lib) => lib.topics)])];
  }),
);
const published = new Map(
  deployables.map((app) => [
    app,
    new Set(
      sourceOf(app).flatMap((source) => [
        ...matches(source, String.raw`\btopic:\s*(${topicExpression})`),
        ...matches(source, String.raw`\benvelope\(\s*(${topicExpression})`),
        ...matches(source, String.raw`\.publish(?:Raw)?\(\s*(${topicExpression})`),
      ]),
    ),
  ]),
);

const deployablesWhere = (table: Map<string, Set<string>>, topic: string): string[] =>
  deployables.filter((app) => table.get(app)!.has(topic)).sort();

/** Who writes a topic: its publishers; a dead-letter topic's are the consumers of its topic (libs/kafka sets events aside). */
function writersOf(topic: string): string[] {
  const source = Object.values(Topics).find((known) => deadLetterTopic(known) === topic);
  return deployablesWhere(source ? consumed : published, source ?? topic);
}

interface Row {
  topic: string;
  writtenBy: string[];
  readBy: string[];
}

/** The rows of the table whose header is `| topic | written by | read by |`; a cell lists deployables, or `—`. */
function documentedRows(): Row[] {
  const lines = architecture.split('\n');
  const header = lines.findIndex((line) => /^\|\s*topic\s*\|\s*written by\s*\|\s*read by\s*\|$/.test(line.trim()));
  if (header < 0) throw new Error('docs/architecture.md has no table "| topic | written by | read by |"');
  const rows: Row[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const [topic, writtenBy, readBy] = line.split('|').slice(1, -1).map((cell) => cell.trim());
    const deployablesIn = (cell: string) => (cell === '—' ? [] : cell.split(',').map((name) => name.trim().replaceAll('`', ''))).sort();
    rows.push({ topic: topic.replaceAll('`', ''), writtenBy: deployablesIn(writtenBy), readBy: deployablesIn(readBy) });
  }
  return rows;
}

describe('docs/architecture.md', () => {
  const rows = documentedRows();
  const deadLettersRead = deployables.flatMap((app) => [...consumed.get(app)!]).filter((topic) => topic.endsWith('.dead-letter'));
  const known = new Set([...Object.values(Topics), ...Object.values(Topics).map(deadLetterTopic), WEBHOOK_DEAD_LETTER_TOPIC]);

  it('sees the code publish and consume topics', () => {
    expect(deployables).toEqual(expect.arrayContaining(['ingress', 'policy', 'template', 'dispatcher']));
    expect(deployables.some((app) => consumed.get(app)!.size > 0)).toBe(true);
    expect(deployables.some((app) => published.get(app)!.size > 0)).toBe(true);
  });

  it('has one row per topic of the catalogue, per dead-letter topic a deployable reads and for the webhook dead letters', () => {
    const expected = [...new Set([...Object.values(Topics), ...deadLettersRead, WEBHOOK_DEAD_LETTER_TOPIC])].sort();
    expect(rows.map((row) => row.topic).sort()).toEqual(expected);
  });

  it('names no topic that does not exist', () => {
    expect(rows.map((row) => row.topic).filter((topic) => !known.has(topic))).toEqual([]);
  });

  it('names as writers and readers of each topic the deployables whose code publishes and consumes it', () => {
    const documented = rows.map(({ topic, writtenBy, readBy }) => ({ topic, writtenBy, readBy }));
    const inTheCode = rows.map(({ topic }) => ({ topic, writtenBy: writersOf(topic), readBy: deployablesWhere(consumed, topic) }));
    expect(documented).toEqual(inTheCode);
  });

  it('draws every topic in its diagram', () => {
    const diagram = /```\n([\s\S]*?)```/.exec(architecture)?.[1] ?? '';
    const missing = [...Object.values(Topics), WEBHOOK_DEAD_LETTER_TOPIC, '<topic>.dead-letter'].filter((topic) => !diagram.includes(topic));
    expect(missing).toEqual([]);
  });

  it('links the decision records', () => {
    expect(architecture).toContain('(adr/)');
    expect(readdirSync(path.join(workspaceRoot, 'docs/adr')).filter((file) => /^\d{4}-.*\.md$/.test(file)).length).toBeGreaterThan(0);
  });
});
