// What the loader gives each format to read its files with: the only I/O a format does goes through it
// (load-rules.ts implements it over the file system), and the first pass (YAML, then JSON Schema, every
// problem at its line:column) is the same for every format.
import type { Problem } from '../problem.ts';
import type { YamlSource } from '../yaml-source.ts';
import type { FormatId } from './index.ts';

/** A Markdown file with a frontmatter, after the first pass. */
export interface MarkdownRead {
  body: string;
  /** 1-based line of the first body line in the file. */
  bodyLine: number;
  /** The frontmatter as parsed (absent without one; its `data` undefined when its YAML is broken). */
  source?: YamlSource;
  /** The frontmatter's data, only when its YAML and its schema are both clean. */
  data?: unknown;
}

export interface FormatReader {
  /** Files under `dir` (relative to the root) whose name `accept`s, sorted, as paths from the root. */
  list(dir: string, accept: (name: string) => boolean, recursive?: boolean): Promise<string[]>;
  /** Whether a folder (path from the root) is there. */
  exists(dir: string): Promise<boolean>;
  /** A file's text (path from the root), or undefined when there is none. */
  read(file: string): Promise<string | undefined>;
  /** Counts a file among those read under rules/ (the summary of `repodesk validate`). */
  counted(file: string): void;
  report(problem: Problem): void;
  /**
   * A YAML file through the first pass: the data, only when its syntax and its schema are both clean.
   * `beforeSchema` sees the parsed file first (before ajv fills defaults in).
   */
  yaml(format: FormatId, file: string, text: string, beforeSchema?: (source: YamlSource) => void): unknown;
  /** A Markdown file through the first pass; `beforeSchema` may complete the frontmatter (a default id). */
  markdown(
    format: FormatId,
    file: string,
    text: string,
    beforeSchema?: (data: unknown) => void,
  ): MarkdownRead;
}
