// `npm run bench:lesson`: how a lesson page feels, measured in Debian's
// Chromium on the built portal (the notebook tour, cell `health`, one fetch to
// the portal):
//   - JavaScript before any interaction (KB gzip, every script the page and its
//     kernel load until the kernel is ready)            target <= 60 KB
//   - click Run on an unedited cell -> its output, cold page   target <= 300 ms
//   - cold edit, each sample in a new browser process (empty caches, nothing
//     loaded): click Edit -> the reader can type (focus inside the cell's
//     editor)                                            target <= 1.0 s
//     click Edit -> type, Ctrl+Enter -> the edited code's output
//                                                        target <= 2.5 s
//   - later runs of edited code: overhead over the same cell unedited,
//     both measured in the same page                    target <= 100 ms
//   - Lighthouse 12 (default mobile config, simulated throttling) performance
//     and accessibility of the lesson page, the run with the median score of three    targets >= 95 and 100
// Medians of the samples, with the load average. Ends with one JSON line.
//   options: --runs <n> (default 5)  --cold <n> cold edit samples (default 3)  --no-lighthouse
import os from 'node:os';
import { chromium } from '@playwright/test';
import { ARGS, CELL, CHROMIUM, EXPECT, LESSON, freshPage, jsBeforeInteraction, kernelReady, outputHas } from './support/lesson-page.mjs';
import { lighthouseMedian } from './support/lighthouse.mjs';
import { sessionCookie, startBenchPortal, stopAll } from './support/portal.mjs';
import { loadAverage, median, round } from './support/stats.mjs';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const coldArg = process.argv.indexOf('--cold');
const COLD = coldArg > 0 ? Math.max(1, Number(process.argv[coldArg + 1])) : 3;
const LIGHTHOUSE = !process.argv.includes('--no-lighthouse');

/** Click Run on the unedited cell of a freshly loaded page (empty cache) and time it to its output. */
async function coldRun(browser, portal, cookie, waitForKernel) {
  const { context, page } = await freshPage(browser, portal, cookie);
  await page.goto(`${portal.url}/lessons/${LESSON}`, { waitUntil: 'load' });
  if (waitForKernel) await kernelReady(page);
  const ms = await page.evaluate(
    ([id, text]) =>
      new Promise((resolve) => {
        const list = () => document.querySelector(`#cell-${id} .nb-output-list`);
        const t0 = performance.now();
        const check = () => {
          if ((list()?.textContent ?? '').includes(text)) resolve(performance.now() - t0);
          else requestAnimationFrame(check);
        };
        document.querySelector(`#cell-${id} [data-action="run"]`).click();
        check();
      }),
    [CELL, EXPECT],
  );
  await context.close();
  return ms;
}

/**
 * One cold edit in a new browser process (nothing cached, no editor, no
 * compiler): click Edit, and time from the click (in the page's clock) to
 * the moment the keyboard focus is inside the cell's editor ("can type"),
 * then type an edit, Ctrl+Enter, and time from the same click to its output.
 */
async function coldEdit(portal, cookie) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const { page } = await freshPage(browser, portal, cookie);
    await page.goto(`${portal.url}/lessons/${LESSON}`, { waitUntil: 'load' });
    await kernelReady(page);
    const cell = page.locator(`#cell-${CELL}`);
    const source = await cell.locator('.nb-compiled').evaluate((el) => JSON.parse(el.textContent).source);
    const canTypeMs = await page.evaluate(
      (id) =>
        new Promise((resolve) => {
          const cellEl = document.querySelector(`#cell-${id}`);
          const edit = [...cellEl.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Edit');
          window.__nbClickAt = performance.now();
          const check = () => {
            const active = document.activeElement;
            if (active && cellEl.querySelector('.nb-editor')?.contains(active) && (active instanceof HTMLTextAreaElement || active.isContentEditable))
              resolve(performance.now() - window.__nbClickAt);
            else requestAnimationFrame(check);
          };
          edit.click();
          check();
        }),
      CELL,
    );
    // Typed as soon as the reader can: into the plain editor or Monaco, whichever holds the focus.
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText(`${source}\n// cold edit`);
    await page.evaluate(
      ([id, text]) => {
        window.__nbOutputAt = new Promise((resolve) => {
          const check = () => {
            if ((document.querySelector(`#cell-${id} .nb-output-list`)?.textContent ?? '').includes(text))
              resolve(performance.now() - window.__nbClickAt);
            else requestAnimationFrame(check);
          };
          check();
        });
      },
      [CELL, EXPECT],
    );
    await page.keyboard.press('ControlOrMeta+Enter');
    const outputMs = await page.evaluate(() => window.__nbOutputAt);
    // The first of each mark: the cold edit's own (later runs add more).
    const marks = await page.evaluate(() =>
      Object.fromEntries(
        performance
          .getEntriesByType('mark')
          .filter((m) => m.name.startsWith('nb:'))
          .reverse()
          .map((m) => [m.name, m.startTime]),
      ),
    );
    const since = (a, b) => (marks[a] !== undefined && marks[b] !== undefined ? round(marks[b] - marks[a]) : null);
    const ranEdited = (await cell.locator('.nb-output-list').textContent()) ?? '';
    return {
      canTypeMs: round(canTypeMs),
      outputMs: round(outputMs),
      plainEditorMs: since('nb:edit-click', 'nb:can-type'),
      monacoReadyMs: since('nb:edit-click', 'nb:editor-ready'),
      compilerReadyMs: since('nb:edit-click', 'nb:compiler-ready'),
      compileMs: since('nb:compile-start', 'nb:compile-end'),
      compiledBy: marks['nb:compile-end'] !== undefined ? (marks['nb:server-compile'] !== undefined ? 'server' : 'esbuild-wasm') : 'none',
      outputSeen: ranEdited.includes(EXPECT),
      loadAverage: os.loadavg()[0],
    };
  } finally {
    await browser.close();
  }
}

/** Edit the cell for the first time on a cold page, run it, time it; then time later edited runs against unedited ones. */
async function editedRuns(browser, portal, cookie) {
  const { context, page } = await freshPage(browser, portal, cookie);
  await page.goto(`${portal.url}/lessons/${LESSON}`, { waitUntil: 'load' });
  await kernelReady(page);
  const cell = page.locator(`#cell-${CELL}`);
  const source = await cell.locator('.nb-compiled').evaluate((el) => JSON.parse(el.textContent).source);
  const t0 = performance.now();
  await cell.getByRole('button', { name: 'Edit', exact: true }).click();
  await cell.locator('.monaco-editor').waitFor({ timeout: 30_000 });
  const editorMs = performance.now() - t0;
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(`${source}\n// edit 0`);
  const t1 = performance.now();
  await page.keyboard.press('ControlOrMeta+Enter');
  await outputHas(page, CELL, EXPECT);
  const t2 = performance.now();
  // Where the first edit's time went, from the page's own performance marks.
  const marks = await page.evaluate(() =>
    Object.fromEntries(
      performance
        .getEntriesByType('mark')
        .filter((m) => m.name.startsWith('nb:'))
        .map((m) => [m.name, m.startTime]),
    ),
  );
  const since = (a, b) => (marks[a] !== undefined && marks[b] !== undefined ? round(marks[b] - marks[a]) : null);
  const breakdown = {
    editorReady: since('nb:edit-click', 'nb:editor-ready'),
    compilerReady: since('nb:edit-click', 'nb:compiler-ready'),
    firstCompile: since('nb:compile-start', 'nb:compile-end'),
  };

  // Later runs: edited code (compiled each time: the text changes) vs the same cell unedited.
  const edited = [];
  const plain = [];
  for (let i = 1; i <= RUNS; i++) {
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText(`${source}\n// edit ${i}`);
    await page.waitForFunction((id) => document.querySelector(`#cell-${id}`)?.dataset.state !== 'running', CELL);
    let s = performance.now();
    await page.keyboard.press('ControlOrMeta+Enter');
    await page
      .waitForFunction((id) => document.querySelector(`#cell-${id}`)?.dataset.state === 'running', CELL, { polling: 'raf' })
      .catch(() => undefined);
    await outputHas(page, CELL, EXPECT);
    edited.push(performance.now() - s);
    await page.waitForFunction((id) => document.querySelector(`#cell-${id}`)?.dataset.state === 'done', CELL);
    // The unedited cell right after, on the same page: the comparison baseline.
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText(source);
    s = performance.now();
    await page.keyboard.press('ControlOrMeta+Enter');
    await outputHas(page, CELL, EXPECT);
    plain.push(performance.now() - s);
    await page.waitForFunction((id) => document.querySelector(`#cell-${id}`)?.dataset.state === 'done', CELL);
  }
  const compileMs = await page.evaluate(() => performance.getEntriesByName('nb:compile-in-worker').map((m) => m.duration));
  breakdown.compileInWorkerMedian = round(median(compileMs.slice(1)));
  breakdown.firstCompileInWorker = round(compileMs[0] ?? NaN);
  await context.close();
  return { breakdown, editorMs, firstRunAfterEditMs: t2 - t1, coldTotalMs: t2 - t0, editedMedianMs: median(edited), plainMedianMs: median(plain) };
}

const verdict = (ok) => (ok ? 'ok  ' : 'MISS');
// No Redis, no worker, no API tokens: the bench cell only needs /api/health.
const loadAtStart = loadAverage();
const portal = await startBenchPortal({ tokens: 0, env: { LOG_LEVEL: 'warn' } });
try {
  const cookie = await sessionCookie(portal);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const js = await jsBeforeInteraction(browser, portal, cookie);
  const coldAtLoad = [];
  const coldReady = [];
  for (let i = 0; i < RUNS; i++) {
    coldAtLoad.push(await coldRun(browser, portal, cookie, false));
    coldReady.push(await coldRun(browser, portal, cookie, true));
  }
  const edit = await editedRuns(browser, portal, cookie);
  await browser.close();
  const colds = [];
  for (let i = 0; i < COLD; i++) {
    const c = await coldEdit(portal, cookie);
    colds.push(c);
    console.error(
      `bench:lesson cold edit ${i + 1}/${COLD}: can type ${c.canTypeMs} ms, output ${c.outputMs} ms (compiled by ${c.compiledBy} in ${c.compileMs} ms; Monaco ${c.monacoReadyMs ?? 'not yet'}, esbuild-wasm ${c.compilerReadyMs ?? 'not yet'} ms); load average ${c.loadAverage.toFixed(1)}`,
    );
  }
  const cold = {
    canTypeMs: round(median(colds.map((c) => c.canTypeMs))),
    outputMs: round(median(colds.map((c) => c.outputMs))),
    // Null when the sample ended (output shown) before Monaco or esbuild-wasm were up.
    monacoReadyMs: colds.map((c) => c.monacoReadyMs ?? 'not yet').join(', '),
    compilerReadyMs: colds.map((c) => c.compilerReadyMs ?? 'not yet').join(', '),
  };
  const lh = LIGHTHOUSE
    ? await lighthouseMedian(`${portal.url}/lessons/${LESSON}`, cookie, CHROMIUM, ARGS)
    : { performance: null, performanceRuns: [], accessibility: null, metrics: {}, accessibilityIssues: [] };

  const result = {
    jsBeforeInteractionKbGzip: js.gzipKb,
    runToOutputMs: round(median(coldAtLoad)),
    runToOutputKernelReadyMs: round(median(coldReady)),
    firstRunAfterEditColdMs: round(edit.coldTotalMs),
    editorLoadMs: round(edit.editorMs),
    firstRunAfterEditFromCtrlEnterMs: round(edit.firstRunAfterEditMs),
    editedRunMedianMs: round(edit.editedMedianMs),
    uneditedRunMedianMs: round(edit.plainMedianMs),
    warmEditOverheadMs: round(edit.editedMedianMs - edit.plainMedianMs),
    coldEditCanTypeMs: cold.canTypeMs,
    coldEditOutputMs: cold.outputMs,
    coldEditSamples: colds,
    lighthousePerformance: lh.performance,
    lighthousePerformanceRuns: lh.performanceRuns,
    lighthouseAccessibility: lh.accessibility,
    loadAverage: round(os.loadavg()[0]),
  };
  console.log(
    `Lesson page /lessons/${LESSON}, cell "${CELL}" (${RUNS} runs each, ${COLD} cold edits, medians); ${os.cpus().length} CPUs, load average ${loadAverage()} (at start ${loadAtStart})`,
  );
  console.log('\nScripts before interaction:');
  for (const f of js.files)
    console.log(`  ${(f.gzip / 1024).toFixed(1).padStart(6)} KB gzip  ${(f.raw / 1024).toFixed(1).padStart(6)} KB  ${f.file}`);
  console.log(
    `\n${verdict(result.jsBeforeInteractionKbGzip <= 60)} JS before interaction      ${result.jsBeforeInteractionKbGzip} KB gzip (${js.rawKb} KB raw)   target <= 60 KB`,
  );
  console.log(
    `${verdict(result.runToOutputMs <= 300)} Run -> output, cold page   ${result.runToOutputMs} ms (clicked at the load event; ${result.runToOutputKernelReadyMs} ms once the kernel is up)   target <= 300 ms`,
  );
  console.log(
    `${verdict(cold.canTypeMs <= 1000)} Cold edit: can type       ${cold.canTypeMs} ms from clicking Edit (median of ${COLD}, each in a new browser; samples ${colds.map((c) => c.canTypeMs).join(', ')})   target <= 1000 ms`,
  );
  console.log(
    `${verdict(cold.outputMs <= 2500)} Cold edit: output         ${cold.outputMs} ms from clicking Edit (samples ${colds.map((c) => c.outputMs).join(', ')}; Monaco in place after ${cold.monacoReadyMs} ms, esbuild-wasm ready after ${cold.compilerReadyMs} ms, 'not yet' = after the output; compiled by ${colds.map((c) => c.compiledBy).join(', ')})   target <= 2500 ms`,
  );
  console.log(
    `     Waiting for Monaco, then run  ${result.firstRunAfterEditColdMs} ms from clicking Edit (the measure before issue 14: types only once Monaco is in), same browser as the runs above (editor ${result.editorLoadMs} ms, Ctrl+Enter -> output ${result.firstRunAfterEditFromCtrlEnterMs} ms; in the page: editor ready ${edit.breakdown.editorReady} ms and esbuild-wasm ready ${edit.breakdown.compilerReady} ms after the click, first compile ${edit.breakdown.firstCompile} ms, of it ${edit.breakdown.firstCompileInWorker} ms in esbuild)`,
  );
  console.log(
    `${verdict(result.warmEditOverheadMs <= 100)} Later edited runs          +${result.warmEditOverheadMs} ms over unedited (${result.editedRunMedianMs} vs ${result.uneditedRunMedianMs} ms; compiling takes ${edit.breakdown.compileInWorkerMedian} ms in the worker)   target <= 100 ms`,
  );
  if (LIGHTHOUSE)
    console.log(
      `${verdict(lh.performance >= 95)} Lighthouse performance     ${lh.performance}   target >= 95   (median of ${lh.performanceRuns.length} runs: ${lh.performanceRuns.join(', ')}; that run's ${Object.entries(
        lh.metrics,
      )
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')})`,
    );
  if (LIGHTHOUSE)
    console.log(
      `${verdict(lh.accessibility >= 100)} Lighthouse accessibility   ${lh.accessibility}   target 100${lh.accessibilityIssues.length ? `   failing: ${lh.accessibilityIssues.join(', ')}` : ''}`,
    );
  console.log(JSON.stringify(result));
} finally {
  await stopAll();
}
