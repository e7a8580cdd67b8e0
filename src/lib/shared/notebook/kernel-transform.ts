import { parse, type Node, type Pattern, type Program } from 'acorn';

/**
 * Turns a cell's compiled JavaScript into the body of a notebook-kernel
 * function. Top-level `const`/`let`/`var`/`class`/`function` declarations
 * become properties of the kernel's shared scope object (the function body
 * runs inside `with (scope)`), so later cells see them, a re-run may declare
 * them again, and closures keep pointing at the live value. Every edit keeps
 * line breaks where they were, so line N of the output is line N of the input.
 */

/** A problem in the cell's code, positioned in the code that was given. */
export class KernelTransformError extends Error {
  override name = 'KernelTransformError';
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

/** The transformed body and the names it declares at top level. */
export interface KernelBody {
  body: string;
  /** Every top-level name the cell declares (the kernel creates them in its scope before running). */
  declared: string[];
  /** Function declarations, which must be copied into the scope at the start of the body. */
  hoisted: string[];
}

interface Edit {
  at: number;
  end: number;
  text: string;
}

function patternNames(p: Pattern | null, out: string[]): void {
  if (!p) return;
  switch (p.type) {
    case 'Identifier':
      out.push(p.name);
      break;
    case 'ObjectPattern':
      for (const prop of p.properties) {
        if (prop.type === 'RestElement') patternNames(prop.argument, out);
        else patternNames(prop.value, out);
      }
      break;
    case 'ArrayPattern':
      for (const el of p.elements) patternNames(el, out);
      break;
    case 'RestElement':
      patternNames(p.argument, out);
      break;
    case 'AssignmentPattern':
      patternNames(p.left, out);
      break;
    case 'MemberExpression':
      break;
  }
}

function lineCol(code: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < code.length; i++) {
    if (code.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}

function positioned(code: string, node: Node, message: string): KernelTransformError {
  const { line, column } = lineCol(code, node.start);
  return new KernelTransformError(message, line, column);
}

/** Rewrite a program's top-level declarations into assignments to the shared scope. */
export function toKernelBody(code: string): KernelBody {
  let program: Program;
  try {
    program = parse(code, {
      ecmaVersion: 'latest',
      sourceType: 'module',
      allowAwaitOutsideFunction: true,
      allowReturnOutsideFunction: false,
    });
  } catch (err) {
    const e = err as { message?: string; loc?: { line: number; column: number } };
    const message = (e.message ?? String(err)).replace(/\s*\(\d+:\d+\)$/, '');
    throw new KernelTransformError(message, e.loc?.line ?? 1, (e.loc?.column ?? 0) + 1);
  }
  const edits: Edit[] = [];
  const declared: string[] = [];
  const hoisted: string[] = [];

  for (const stmt of program.body) {
    switch (stmt.type) {
      case 'ImportDeclaration':
        throw positioned(
          code,
          stmt,
          'import statements do not work in cells: the helpers (fetch, WebSocket, display, ...) are already there, and only the portal is reachable',
        );
      case 'ExportNamedDeclaration':
      case 'ExportDefaultDeclaration':
      case 'ExportAllDeclaration':
        throw positioned(code, stmt, 'export does not work in cells: top-level declarations are shared with later cells already');
      case 'VariableDeclaration': {
        if (stmt.kind !== 'var' && stmt.kind !== 'let' && stmt.kind !== 'const') {
          throw positioned(code, stmt, `top-level "${stmt.kind}" declarations are not supported in cells; put them inside a block`);
        }
        edits.push({ at: stmt.start, end: stmt.start + stmt.kind.length, text: ';' });
        for (const d of stmt.declarations) {
          const names: string[] = [];
          patternNames(d.id, names);
          declared.push(...names);
          if (d.init) {
            edits.push({ at: d.id.start, end: d.id.start, text: '(' });
            edits.push({ at: d.init.end, end: d.init.end, text: ')' });
          } else if (d.id.type === 'Identifier') {
            // `let x;` resets x on a re-run; `var x;` keeps it, as JavaScript does.
            if (stmt.kind !== 'var') edits.push({ at: d.id.end, end: d.id.end, text: ' = void 0' });
            else edits.push({ at: d.id.start, end: d.id.end, text: `void ${d.id.name}` });
          }
        }
        break;
      }
      case 'FunctionDeclaration':
        if (stmt.id) {
          declared.push(stmt.id.name);
          hoisted.push(stmt.id.name);
        }
        break;
      case 'ClassDeclaration':
        if (stmt.id) {
          declared.push(stmt.id.name);
          edits.push({ at: stmt.start, end: stmt.start, text: `;${stmt.id.name} = ` });
          edits.push({ at: stmt.end, end: stmt.end, text: ';' });
        }
        break;
      default:
        break;
    }
  }

  // Apply from the end so earlier offsets stay valid; insertions at the same
  // offset keep their order.
  const ordered = edits.map((e, i) => ({ ...e, i })).sort((a, b) => b.at - a.at || b.i - a.i);
  let body = code;
  for (const e of ordered) body = body.slice(0, e.at) + e.text + body.slice(e.end);
  return { body, declared: [...new Set(declared)], hoisted: [...new Set(hoisted)] };
}
