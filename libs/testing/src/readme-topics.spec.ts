import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eventCatalogue } from '@herald/contracts';
import { workspaceRoot } from './service-process';

/** The README's table "topic | event | key" against the event catalogue: a row per topic, its event class and its key. */

interface Row {
  topic: string;
  event: string;
  key: string;
}

function documentedRows(readme: string): Row[] {
  const lines = readme.split('\n');
  const header = lines.findIndex((line) => /^\|\s*topic\s*\|\s*event\s*\|\s*key\s*\|$/.test(line.trim()));
  if (header < 0) throw new Error('README.md has no table "| topic | event | key |"');
  const rows: Row[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const [topic, event, key] = line.split('|').slice(1, -1).map((cell) => cell.trim().replaceAll('`', ''));
    rows.push({ topic, event, key });
  }
  return rows;
}

describe("README.md's topic table", () => {
  const rows = documentedRows(readFileSync(path.join(workspaceRoot, 'README.md'), 'utf8'));
  const catalogued = Object.entries(eventCatalogue).map(([topic, entry]) => ({ topic, event: entry.event.name, key: entry.keyedBy }));

  it('has a row for every topic of the catalogue, and no other, once each', () => {
    expect(rows.map((row) => row.topic).sort()).toEqual(catalogued.map((entry) => entry.topic).sort());
  });

  it("names each topic's event class and key as the catalogue does", () => {
    const byTopic = (list: Row[]) => [...list].sort((a, b) => a.topic.localeCompare(b.topic));
    expect(byTopic(rows)).toEqual(byTopic(catalogued));
  });
});
