import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

/**
 * Monaco's stylesheets as scripts that add a <style> when the editor chunk
 * runs. Imported as CSS, Astro would link all 175 KB of them into every
 * lesson page as render-blocking stylesheets, although the editor loads
 * only when a reader clicks Edit. (`style-src 'unsafe-inline'` already
 * allows the styles Monaco sets itself.)
 */

const PREFIX = '\0monaco-style:';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const INJECT = path.join(ROOT, 'src/lib/client/notebook/editor/inject-style.ts');

/** The Vite plugin. */
export function monacoCssAsScript(): Plugin {
  return {
    name: 'interview-lab:monaco-css',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (!importer || !/\.css$/.test(source) || /\.css$/.test(importer)) return null;
      const resolved = await this.resolve(source, importer, { skipSelf: true });
      if (!resolved || !/[\\/]node_modules[\\/]monaco-editor[\\/].*\.css$/.test(resolved.id)) return null;
      return `${PREFIX}${resolved.id}.js`;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const file = id.slice(PREFIX.length, -'.js'.length);
      const css = fs.readFileSync(file, 'utf8');
      const imports: string[] = [];
      // Relative url()s (the icon font) become asset imports, so Vite emits and hashes them.
      const parts = css.split(/url\((['"]?)(\.{1,2}\/[^'")]+)\1\)/);
      const pieces: string[] = [];
      for (let i = 0; i < parts.length; i++) {
        if (i % 3 === 0) pieces.push(JSON.stringify(parts[i]));
        else if (i % 3 === 2) {
          const name = `__asset${imports.length}`;
          imports.push(`import ${name} from ${JSON.stringify(`${path.resolve(path.dirname(file), parts[i]!)}?url`)};`);
          pieces.push(`"url(" + JSON.stringify(${name}) + ")"`);
        }
      }
      return `${imports.join('\n')}\nimport { injectStyle } from ${JSON.stringify(INJECT)};\ninjectStyle(${JSON.stringify(path.basename(file))}, ${pieces.join(' + ')});\n`;
    },
  };
}
