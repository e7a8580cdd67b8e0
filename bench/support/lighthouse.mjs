import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

/** Lighthouse scores for one page, in a Chromium of its own, for the bench scripts. */

/** Lighthouse, retried when a run fails to measure (a busy machine can starve one run of its paint events). */
export async function lighthouseScores(url, cookie, chromiumPath, chromeArgs) {
  let last;
  for (let attempt = 1; attempt <= 3; attempt++) {
    last = await lighthouseOnce(url, cookie, chromiumPath, chromeArgs);
    if (last.performance !== null) return last;
    console.error(`Lighthouse run ${attempt} could not measure performance: ${last.error}`);
  }
  return last;
}

/**
 * The run with the median performance score of `runs` Lighthouse runs, each in a new Chromium,
 * with every run's score in `performanceRuns`: one run's score swung from 84 to 97 with the load average.
 */
export async function lighthouseMedian(url, cookie, chromiumPath, chromeArgs, runs = 3) {
  const all = [];
  for (let i = 0; i < runs; i++) all.push(await lighthouseScores(url, cookie, chromiumPath, chromeArgs));
  const measured = all.filter((r) => r.performance !== null).sort((a, b) => a.performance - b.performance);
  const middle = measured.length ? measured[(measured.length - 1) >> 1] : all[0];
  return { ...middle, performanceRuns: all.map((r) => r.performance) };
}

async function lighthouseOnce(url, cookie, chromiumPath, chromeArgs) {
  const chrome = await chromeLauncher.launch({ chromePath: chromiumPath, chromeFlags: ['--headless=new', ...chromeArgs] });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility'],
      extraHeaders: { Cookie: `${cookie.name}=${cookie.value}` },
    });
    const lhr = result.lhr;
    const failing = (cat) =>
      lhr.categories[cat].auditRefs
        .map((r) => lhr.audits[r.id])
        .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'notApplicable')
        .map((a) => a.id);
    const score = (cat) => (lhr.categories[cat].score === null ? null : Math.round(lhr.categories[cat].score * 100));
    return {
      error: lhr.runtimeError?.message ?? null,
      performance: score('performance'),
      accessibility: score('accessibility'),
      metrics: Object.fromEntries(
        ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index'].map((k) => [
          k,
          lhr.audits[k].displayValue,
        ]),
      ),
      accessibilityIssues: failing('accessibility'),
    };
  } finally {
    await chrome.kill();
  }
}
