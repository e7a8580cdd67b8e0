import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { notebookKernelScripts } from './kernel-scripts';
import { monacoCssAsScript } from './monaco-css';
import { authoringErrors } from './remark-cells';

export { default as remarkNotebookCells } from './remark-cells';
export { contrastTransformer } from './contrast';

/**
 * The notebook engine's build-time pieces: the kernel's classic scripts and
 * Monaco's CSS as scripts (Vite plugins) here, the remark plugin registered
 * in astro.config.mjs.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const ENGINE_FILES = [
  'src/integrations/notebook/remark-cells.ts',
  'src/integrations/notebook/cell-html.ts',
  'src/integrations/notebook/contrast.ts',
  'src/lib/shared/color-contrast.ts',
  'src/integrations/notebook/exercise-collect.ts',
  'src/integrations/notebook/exercise-html.ts',
  'src/lib/shared/practice/exercise-meta.ts',
  'src/lib/shared/practice/verifiers.ts',
  'src/lib/server/notebook/highlight.ts',
  'src/lib/shared/notebook/cell-meta.ts',
  'src/lib/shared/notebook/compile-cell.ts',
  'src/lib/shared/notebook/kernel-transform.ts',
  'src/lib/shared/notebook/source-map-lines.ts',
];

/**
 * A digest of the code that renders cells. Passed as a remark option so
 * Astro's content cache (keyed on the config) re-renders lessons when the
 * engine changes, instead of serving cells in an old format.
 */
export function notebookEngineDigest(): string {
  const h = createHash('sha256');
  for (const f of ENGINE_FILES) {
    try {
      h.update(fs.readFileSync(path.join(ROOT, f)));
    } catch {
      h.update(`missing:${f}`);
    }
  }
  return h.digest('hex').slice(0, 16);
}

/** The Astro integration. */
export function notebook(): AstroIntegration {
  return {
    name: 'interview-lab:notebook',
    hooks: {
      'astro:config:setup'({ updateConfig }) {
        updateConfig({
          vite: {
            plugins: [notebookKernelScripts(), monacoCssAsScript()],
            // In `npm run dev`, Vite's own CORS layer would answer the cells'
            // preflights (Origin: null) with a refusal before our middleware
            // sees them. Without it, dev answers CORS exactly as production.
            server: { cors: false },
          },
        });
      },
      // Content is synced (and cells compiled) before this hook; a lesson with
      // a bad cell must stop the build, not ship as an empty page.
      'astro:build:start'() {
        const errors = [...authoringErrors().values()];
        if (!errors.length) return;
        // The content cache keeps the broken lesson without its HTML; drop it so
        // the next build renders (and checks) every lesson again.
        for (const store of ['node_modules/.astro/data-store.json', '.astro/data-store.json']) {
          fs.rmSync(path.join(ROOT, store), { force: true });
        }
        throw new Error(`Lesson cells have errors:\n${errors.join('\n')}`);
      },
    },
  };
}
