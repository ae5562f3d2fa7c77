import { createRequire } from 'node:module';
import path from 'node:path';
import { workspaceRoot } from './service-process';

interface Outcome {
  held: boolean;
  text: string;
}
/** How the benchmarks end their report (tools/bench/verdict.cjs), which `npm test` runs as smoke runs. */
const { ingressVerdict, endToEndVerdict } = createRequire(__filename)(path.join(workspaceRoot, 'tools/bench/verdict.cjs')) as {
  ingressVerdict(run: { smoke: boolean; ratio: number; herald: { accepted: number; errors: number }; baseline: { accepted: number } }): Outcome;
  endToEndVerdict(run: { smoke: boolean; runs: Array<Record<string, number>> }): Outcome;
};

const ingressRun = { ratio: 0.17, herald: { accepted: 1_200, errors: 0 }, baseline: { accepted: 7_000 } };
const endToEndRun = { accepted: 300, httpErrors: 0, lost: 0, duplicated: 0, unexpected: 0, statusesMissing: 0 };

describe('the end of a benchmark report', () => {
  it('sets no figure of a smoke run against a target, and says what the run proved', () => {
    const ingress = ingressVerdict({ smoke: true, ...ingressRun });
    const endToEnd = endToEndVerdict({ smoke: true, runs: [endToEndRun, endToEndRun] });

    for (const { held, text } of [ingress, endToEnd]) {
      expect(held).toBe(true);
      expect(text).toMatch(/^Smoke run: too short and too small to measure, so no figure above is set against a target/);
      expect(text).not.toMatch(/target >=|targets:|0\.17x/);
    }
    expect(ingress.text).toContain('It proved the benchmark and the platform work: the ingress accepted 1200 messages; 0 requests failed');
    expect(endToEnd.text).toContain('600 messages accepted in 2 runs; 0 HTTP errors; 0 lost; 0 sent twice');
  });

  it('says plainly when a smoke run failed', () => {
    const { held, text } = endToEndVerdict({ smoke: true, runs: [{ ...endToEndRun, lost: 2 }] });

    expect(held).toBe(false);
    expect(text).toContain('It FAILED: 300 messages accepted in 1 runs; 0 HTTP errors; 2 lost (must not be)');
  });

  it('sets a full run against the targets', () => {
    expect(ingressVerdict({ smoke: false, ...ingressRun }).text).toMatch(/^Herald \/ baseline: 0\.17x \(target >= 0\.7x/);
    expect(endToEndVerdict({ smoke: false, runs: [endToEndRun] }).text).toMatch(/^\(targets: >= 1,000\/s sustained/);
  });
});
