import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { workspaceRoot } from './service-process';

/**
 * A comment says why, in a sentence or two: a benchmark's figure belongs in docs/benchmarks.md, a date or the
 * history of a change in the commit message. This finds the comments that carry one in apps/, libs/ and tools/.
 */

/** A date, as a change would be dated. */
const date = /\b20\d\d-\d\d-\d\d\b/;
/** Words that tell how the code was before, not why it is as it is. */
const history = /\b(used to|no longer|previously|formerly|was changed|until recently|sitt(?:ing)s?)\b/i;
/** A comparison a measurement gives, in words. */
const comparison = /\b(half as (high|much) again|a (tenth|third|quarter) of (its|the) (CPU|memory)|\d+(\.\d+)?x (faster|slower))\b/i;
/** A quantity a measurement gives, beside a word saying it was measured. */
const quantity = String.raw`\d[\d,.]*\s?(us|µs|ms|bytes|KB|MB|GB|%)(?![\w/])`;
const measured = String.raw`\b(took|cost|saved|seen|measured|peaked?|held|went|CPU|RSS|heap|WAL)\b`;
const figure = new RegExp(`${quantity}[^.;:]*${measured}|${measured}[^.;:]*${quantity}`, 'i');

/** Migrations, whose comments say what change they make to a schema, which is their purpose. */
const notChecked = [/\/migrations\//];

const sourceFiles = (root: string): string[] =>
  readdirSync(path.join(workspaceRoot, root), { recursive: true, encoding: 'utf8' })
    .map((file) => path.posix.join(root, file.split(path.sep).join('/')))
    .filter((file) => /\.(ts|mjs|cjs|js)$/.test(file) && !file.includes('node_modules/'))
    .filter((file) => !notChecked.some((pattern) => pattern.test(file)));

/** The comment text of a line: a `//` comment, or a line of a block comment. */
function commentOf(line: string): string | undefined {
  const trimmed = line.trim();
  if (/^(\/\/|\/\*|\*)/.test(trimmed)) return trimmed;
  const trailing = / \/\/ (.*)$/.exec(line);
  return trailing?.[1];
}

/** Every comment line of apps/, libs/ and tools/ that carries a date, a history word or a measured figure. */
export function offendingComments(files: string[]): string[] {
  return files.flatMap((file) =>
    readFileSync(path.join(workspaceRoot, file), 'utf8')
      .split('\n')
      .flatMap((line, index) => {
        const comment = commentOf(line);
        return comment && [date, history, comparison, figure].some((pattern) => pattern.test(comment)) ? [`${file}:${index + 1}: ${comment}`] : [];
      }),
  );
}

describe('code comments', () => {
  const files = ['apps', 'libs', 'tools'].flatMap(sourceFiles);

  it('are read from every source file', () => {
    expect(files).toEqual(expect.arrayContaining(['libs/config/src/base.config.ts', 'tools/bench/end-to-end.mjs']));
  });

  it('carry no benchmark figure, date or history of a change', () => {
    expect(offendingComments(files)).toEqual([]);
  });
});
