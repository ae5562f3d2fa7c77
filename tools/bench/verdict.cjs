// How a benchmark run ends. A full run's figures are set against Herald's targets. A smoke run (--smoke, part of
// `npm test`) is too short and too small to measure anything: it says so, and what it checked, instead of setting
// its figures against targets they were never meant to meet. Plain CommonJS, as libs/testing's bench-verdict.spec.ts
// loads it.

/**
 * What a run checked: `checks` are [what was seen, whether it is as it must be]. Returns the closing text and whether
 * every check held (the exit code follows it, in a smoke run and a full one alike).
 */
function verdict({ smoke, checks, targets }) {
  const held = checks.every(([, ok]) => ok);
  const seen = checks.map(([what, ok]) => (ok ? what : `${what} (must not be)`)).join('; ');
  if (!smoke) return { held, text: `${targets}\nChecked: ${seen}.\n` };
  return {
    held,
    text:
      'Smoke run: too short and too small to measure, so no figure above is set against a target ' +
      '(run without --smoke for that).\n' +
      `${held ? 'It proved the benchmark and the platform work' : 'It FAILED'}: ${seen}.\n`,
  };
}

/** bench:ingress: Herald's ingress and the baseline both accepted requests, and none failed. */
function ingressVerdict({ smoke, ratio, herald, baseline }) {
  return verdict({
    smoke,
    targets: `Herald / baseline: ${ratio.toFixed(2)}x (target >= 0.7x; >= 5,000 accepted/s with p99 <= 50 ms)`,
    checks: [
      [`the ingress accepted ${herald.accepted} messages`, herald.accepted > 0],
      [`${herald.errors} requests failed`, herald.errors === 0],
      [`the baseline accepted ${baseline.accepted}`, baseline.accepted > 0],
    ],
  });
}

/** bench:e2e: every run's accepted messages reached WhatsApp once each, nothing else did, and every one was read. */
function endToEndVerdict({ smoke, runs }) {
  const sum = (field) => runs.reduce((total, figures) => total + figures[field], 0);
  return verdict({
    smoke,
    targets: '(targets: >= 1,000/s sustained for 60 s with p99 accept -> WhatsApp <= 250 ms, zero lost or duplicated, each service <= 200 MB)',
    checks: [
      [`${sum('accepted')} messages accepted in ${runs.length} runs`, runs.every((figures) => figures.accepted > 0)],
      [`${sum('httpErrors')} HTTP errors`, sum('httpErrors') === 0],
      [`${sum('lost')} lost`, sum('lost') === 0],
      [`${sum('duplicated')} sent twice`, sum('duplicated') === 0],
      [`${sum('unexpected')} sent that were never accepted`, sum('unexpected') === 0],
      [`${sum('statusesMissing')} short of "read"`, sum('statusesMissing') === 0],
    ],
  });
}

module.exports = { ingressVerdict, endToEndVerdict };
