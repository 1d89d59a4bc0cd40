// A YAML text parsed with positions, so that a path into its data can be turned back into line:column.
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import type { Document, Node } from 'yaml';
import { checkAliases } from './check-aliases.ts';
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

/** The fix for the YAML mistakes admins make most. */
const yamlFixes: Partial<Record<string, string>> = {
  DUPLICATE_KEY: 'this key already appears above in the same map; keep one of the two',
  BAD_INDENT:
    'align this line with the other keys of its block (spaces, not tabs), or close the `{ … }` / `[ … ]` it is in',
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  MISSING_CHAR: 'close the quote or bracket opened here',
  MULTILINE_IMPLICIT_KEY:
    'a key must fit on one line; check for a missing `:` or an unclosed quote on the line above',
  BLOCK_AS_IMPLICIT_KEY: 'a key must fit on one line; check the indentation of the line above',
  UNEXPECTED_TOKEN: 'remove the character or quote the text that contains it',
};

function yamlFix(code: string, message: string): string {
  // `description: Note: text` — the second `: ` makes the text a map.
  if (message.startsWith('Nested mappings are not allowed in compact mappings'))
    return "a `: ` inside a text starts a map: put the whole text in quotes (description: 'Note: …')";
  const flow = /^Flow (map|sequence)/.exec(message);
  if (flow) {
    const [open, close] = flow[1] === 'map' ? ['{', '}'] : ['[', ']'];
    return `the \`${open}\` opened here is not closed: add the closing \`${close}\` (or write the block on several indented lines)`;
  }
  return yamlFixes[code] ?? 'fix the syntax at this position';
}

/**
 * An unclosed quote or `{ … }` / `[ … ]` is reported where the text ends; the opening character is
 * where to look, so point there (the innermost unclosed one that spans the error).
 */
function errorOffset(doc: Document, code: string, message: string, offset: number): number {
  const unclosedFlow = /^Flow (map|sequence)/.test(message);
  if (code !== 'MISSING_CHAR' && !unclosedFlow) return offset;
  let start = offset;
  const consider = (range: readonly number[] | null | undefined) => {
    if (range && range[0]! < offset && range[1]! >= offset && (start === offset || range[0]! > start))
      start = range[0]!;
  };
  visit(doc, {
    Scalar(_, node) {
      if (node.type === 'QUOTE_SINGLE' || node.type === 'QUOTE_DOUBLE') consider(node.range);
    },
    Map(_, node) {
      if (node.flow) consider(node.range);
    },
    Seq(_, node) {
      if (node.flow) consider(node.range);
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
  // `merge` lets admins share settings with anchors and `<<: *defaults`.
  const doc = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    strict: true,
    merge: true,
    // Oddities (a list as a key) are the schema's to report, not lines on the process's stderr.
    logLevel: 'error',
  });
  const problems: Problem[] = [];
  for (const [severity, list] of [
    ['error', doc.errors],
    ['warning', doc.warnings],
  ] as const) {
    for (const error of list) {
      const { line, col } = lineCounter.linePos(errorOffset(doc, error.code, error.message, error.pos[0]));
      let firstLine = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      if (error.code === 'DUPLICATE_KEY') {
        const key = /^["']?([^"':\n]+)/.exec(text.slice(error.pos[0]))?.[1]?.trim();
        if (key) firstLine = `duplicate key "${key}"`;
      }
      problems.push({
        file,
        line: line + lineOffset,
        column: col,
        path: '',
        severity,
        message: `invalid YAML: ${firstLine} (${error.code}); ${yamlFix(error.code, firstLine)}`,
      });
    }
  }
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line: line + lineOffset, column: col, path: '', severity: 'error' as const };
  };
  let data: unknown;
  if (doc.errors.length === 0) {
    const aliasProblem = checkAliases(doc, (offset) => lineCounter.linePos(offset).line + lineOffset);
    if (aliasProblem) {
      problems.push({ ...at(aliasProblem.offset), message: `invalid YAML: ${aliasProblem.message}` });
    } else {
      try {
        // checkAliases bounds what aliases add; an empty file (or only comments) is an empty map, whose
        // missing keys the schema then names.
        data = (doc.toJS({ maxAliasCount: -1 }) as unknown) ?? {};
      } catch (error) {
        // What the checks above do not foresee still gets an answer, never a crash of the reader.
        problems.push({
          ...at(0),
          message: `invalid YAML: ${(error as Error).message}; fix this file's anchors, aliases and tags`,
        });
      }
    }
  }
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
