import { restOpenApi } from './openapi';

/**
 * TypeScript declarations for the notebook editor, generated from the REST
 * API's OpenAPI document (so a cell can write `const t: Todo = await
 * res.json()` and get completion). Handles the JSON Schema the document
 * uses: objects, arrays, enums, unions, $ref and nullable types.
 */

type Schema = Record<string, unknown>;

/** Global names the declarations must not merge into. */
const RENAME: Record<string, string> = { Error: 'RestError', Index: 'RestIndex', ResetResult: 'RestResetResult' };

function typeName(ref: string): string {
  const name = ref.split('/').pop()!;
  return RENAME[name] ?? name;
}

function doc(text: unknown, indent: string): string {
  return typeof text === 'string' && text ? `${indent}/** ${text.replace(/\*\//g, '* /')} */\n` : '';
}

function tsType(s: Schema, indent: string): string {
  if (typeof s.$ref === 'string') return typeName(s.$ref);
  if (Array.isArray(s.anyOf)) return (s.anyOf as Schema[]).map((x) => tsType(x, indent)).join(' | ');
  if (Array.isArray(s.enum)) return (s.enum as unknown[]).map((v) => JSON.stringify(v)).join(' | ');
  const type = s.type;
  if (Array.isArray(type)) return type.map((t) => tsType({ ...s, type: t }, indent)).join(' | ');
  switch (type) {
    case 'null':
      return 'null';
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array':
      return `Array<${tsType((s.items as Schema | undefined) ?? {}, indent)}>`;
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, Schema>;
      if (Object.keys(props).length === 0) {
        return typeof s.additionalProperties === 'object'
          ? `Record<string, ${tsType(s.additionalProperties as Schema, indent)}>`
          : 'Record<string, unknown>';
      }
      const required = new Set((s.required as string[] | undefined) ?? []);
      const inner = `${indent}  `;
      const lines = Object.entries(props).map(
        ([k, v]) => `${doc(v.description, inner)}${inner}${k}${required.has(k) ? '' : '?'}: ${tsType(v, inner)};`,
      );
      return `{\n${lines.join('\n')}\n${indent}}`;
    }
    default:
      return 'unknown';
  }
}

/** Declarations (global interfaces) for every component schema of an OpenAPI document. */
export function openApiToTypeScript(document: Schema): string {
  const schemas = ((document.components as Schema | undefined)?.schemas ?? {}) as Record<string, Schema>;
  const out = [`// ${String((document.info as Schema | undefined)?.title ?? 'API')}: types generated from its OpenAPI document.`];
  for (const [name, schema] of Object.entries(schemas)) {
    const ts = tsType(schema, '');
    const declared = RENAME[name] ?? name;
    out.push(`${doc(schema.description, '')}${ts.startsWith('{') ? `interface ${declared} ${ts}` : `type ${declared} = ${ts};`}`);
  }
  return `${out.join('\n\n')}\n`;
}

/** The REST API's record types for the cell editor (Todo, Post, Comment, User, their Create/Replace/Patch forms, RestError). */
export function restApiTypes(): string {
  return openApiToTypeScript(restOpenApi());
}
