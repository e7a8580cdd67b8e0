import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';

/**
 * The Python tabs of a lesson: each ```python fence that follows a ```ts cell
 * fence belongs to that cell. Tests run them with Debian's /usr/bin/python3
 * (python3-requests, python3-websocket, python3-cryptography) against a live
 * portal; the code reads the portal's address and a personal API token from
 * IL_URL and IL_TOKEN, as a reader would set them.
 */

export interface PythonTab {
  cellId: string;
  code: string;
  /** 1-based line of the python fence in the Markdown file. */
  line: number;
}

const FENCE = /^(`{3,}|~{3,})\s*(\S*)\s*(.*)$/;

/** Every Python tab in a lesson Markdown file, in order. */
export function listPythonTabs(markdownFile: string): PythonTab[] {
  const lines = fs.readFileSync(markdownFile, 'utf8').split('\n');
  const tabs: PythonTab[] = [];
  let lastCellId: string | null = null;
  let sinceCell = Infinity;
  for (let i = 0; i < lines.length; i++) {
    const m = FENCE.exec(lines[i]!);
    if (!m) {
      if (lines[i]!.trim()) sinceCell++;
      continue;
    }
    const [, marker, lang, meta] = m;
    let end = i + 1;
    while (end < lines.length && !lines[end]!.startsWith(marker!)) end++;
    const body = lines.slice(i + 1, end).join('\n');
    if (lang === 'ts' && /(^|\s)cell(\s|$)/.test(meta ?? '')) {
      lastCellId = /(?:^|\s)id=("?)([\w-]+)\1/.exec(meta ?? '')?.[2] ?? null;
      sinceCell = 0;
    } else if (lang === 'python' && lastCellId && sinceCell === 0) {
      tabs.push({ cellId: lastCellId, code: body, line: i + 1 });
      lastCellId = null;
    } else {
      lastCellId = null;
    }
    i = end;
  }
  return tabs;
}

/** Whether Debian's python3 has the modules a tab needs. */
export function pythonHas(modules: string[]): boolean {
  const r = spawnSync('/usr/bin/python3', ['-c', modules.map((m) => `import ${m}`).join(';')]);
  return r.status === 0;
}

/** Run one tab's code with /usr/bin/python3; resolves with its output and exit code. */
export function runPython(
  code: string,
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('/usr/bin/python3', ['-'], {
      env: { PATH: '/usr/bin:/bin', ...env, PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (exit) => {
      clearTimeout(timer);
      resolve({ code: exit, stdout, stderr });
    });
    child.stdin.end(code);
  });
}
