// Splits a Markdown file into its YAML frontmatter (parsed with positions) and its body.
import type { Problem } from './problem.ts';
import { parseYamlSource } from './yaml-source.ts';
import type { YamlSource } from './yaml-source.ts';

export interface MarkdownFile {
  source?: YamlSource;
  body: string;
  /** 1-based line of the first body line in the file. */
  bodyLine: number;
  problems: Problem[];
}

/** Reads `---\n<yaml>\n---\n<body>`; a missing or unclosed frontmatter is a problem at its line. */
export function readFrontmatter(file: string, text: string): MarkdownFile {
  const clean = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const problem = (line: number, message: string): MarkdownFile => ({
    body: clean,
    bodyLine: 1,
    problems: [{ file, line, column: 1, path: '', severity: 'error', message }],
  });
  if (!/^---[ \t]*\n/.test(clean)) {
    return problem(
      1,
      'expected a YAML frontmatter: the file must start with a `---` line, the fields, then a closing `---` line',
    );
  }
  const start = clean.indexOf('\n') + 1;
  const close = /^---[ \t]*$/m;
  const rest = clean.slice(start);
  const match = close.exec(rest);
  if (!match) {
    const lines = clean.split('\n').length;
    return problem(
      lines,
      'unclosed frontmatter: no closing `---` line after the fields; add one before the body',
    );
  }
  const yamlText = rest.slice(0, match.index);
  const bodyStart = start + match.index + match[0].length + 1;
  const { source, problems } = parseYamlSource(file, yamlText, 1);
  const bodyLine = yamlText.split('\n').length + 2;
  return { source, body: clean.slice(bodyStart), bodyLine, problems };
}
