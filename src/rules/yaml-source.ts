// A YAML text parsed with positions, so that a path into its data can be turned back into line:column.
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import type { Document, Node } from 'yaml';
import type { Problem } from './problem.ts';

export type PathSegment = string | number;

export interface YamlSource {
  /** Path relative to the root. */
  file: string;
  doc: Document;
  lineCounter: LineCounter;
  /** Lines before the YAML text in the file (the `---` line of a frontmatter). */
  lineOffset: number;
  /** The parsed data; undefined when the YAML has syntax errors. */
  data: unknown;
}

/** An unclosed quote is reported where the text ends; the opening quote is where to look. */
function errorOffset(doc: Document, code: string, offset: number): number {
  if (code !== 'MISSING_CHAR') return offset;
  let start = offset;
  visit(doc, {
    Scalar(_, node) {
      const [from, to] = node.range ?? [offset, offset];
      if ((node.type === 'QUOTE_SINGLE' || node.type === 'QUOTE_DOUBLE') && from < offset && to >= offset)
        start = from;
    },
  });
  return start;
}

/** Parses YAML with positions; syntax errors become problems (all of them, not only the first). */
export function parseYamlSource(
  file: string,
  text: string,
  lineOffset = 0,
): { source: YamlSource; problems: Problem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const problems: Problem[] = [];
  for (const [severity, list] of [
    ['error', doc.errors],
    ['warning', doc.warnings],
  ] as const) {
    for (const error of list) {
      const { line, col } = lineCounter.linePos(errorOffset(doc, error.code, error.pos[0]));
      const firstLine = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      problems.push({
        file,
        line: line + lineOffset,
        column: col,
        path: '',
        severity,
        message: `invalid YAML: ${firstLine} (${error.code}); fix the syntax at this position`,
      });
    }
  }
  // An empty file (or one with only comments) is an empty map: the schema then names what is missing.
  const data = doc.errors.length === 0 ? ((doc.toJS({ maxAliasCount: 1000 }) as unknown) ?? {}) : undefined;
  return { source: { file, doc, lineCounter, lineOffset, data }, problems };
}

function resolve(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

/**
 * Line and column of the value at `path` (or of its key with `at: 'key'`). When the path does not
 * exist (a missing key), the deepest existing node is used: that is where the key must be added.
 */
export function locate(source: YamlSource, path: readonly PathSegment[], at: 'key' | 'value' = 'value') {
  let node = resolve(source.doc, source.doc.contents) as Node | null | undefined;
  let offset = node?.range?.[0] ?? 0;
  let keyOffset = offset;
  let complete = true;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) {
        complete = false;
        break;
      }
      keyOffset = (pair.key as Node).range?.[0] ?? offset;
      node = resolve(source.doc, pair.value) as Node | null | undefined;
      offset = node?.range?.[0] ?? keyOffset;
    } else if (isSeq(node)) {
      const item = resolve(source.doc, node.items[Number(segment)]) as Node | undefined;
      if (!item) {
        complete = false;
        break;
      }
      node = item;
      offset = item.range?.[0] ?? offset;
      keyOffset = offset;
    } else {
      complete = false;
      break;
    }
  }
  const chosen = at === 'key' && complete ? keyOffset : offset;
  const { line, col } = source.lineCounter.linePos(chosen);
  return { line: line + source.lineOffset, column: col };
}

/** `rules[2].then.team` */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}
