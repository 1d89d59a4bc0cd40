// What a ZIP file really is, read from its central directory (yauzl: the declared names and sizes, nothing
// inflated but the one small part that names the document's type): a Word or Excel file (OOXML: a
// `[Content_Types].xml` giving its main part the right content type, and that part present), an
// OpenDocument text (ODF: a first, stored `mimetype` entry with the right type, `content.xml` and the
// manifest), or a refusal. A container holding a program, a script or a macro is refused, and so is one
// that would unpack to more than `unpackedLimits` allow (a zip bomb), judged from the declared sizes alone.

import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';

/** The office kinds a container can be. */
export type OfficeKind = 'docx' | 'xlsx' | 'odt';

/** How far a container may unpack, judged from the sizes its central directory declares. */
export interface UnpackedLimits {
  /** Sum of the declared unpacked sizes of every entry. */
  maxTotalBytes: number;
  /** Largest unpacked/packed ratio of one entry (deflate reaches ~1,000 on zeros; office XML ~10–30). */
  maxRatio: number;
  /** Entries up to this unpacked size are not held to the ratio (tiny parts compress well legitimately). */
  ratioExemptBytes: number;
  /** Most entries in one container. */
  maxEntries: number;
}

export const unpackedLimits: UnpackedLimits = {
  maxTotalBytes: 256 * 1024 * 1024,
  maxRatio: 100,
  ratioExemptBytes: 1024 * 1024,
  maxEntries: 5000,
};

export type ContainerVerdict =
  | { ok: true; kind: OfficeKind }
  /** Not a document we accept: a plain ZIP, a fake whose parts are only named like an office file's, or damaged. */
  | { ok: false; problem: 'not-office'; detail: string }
  /** An entry that could run on an agent's machine: a program, a script, a macro project. */
  | { ok: false; problem: 'unsafe-entry'; entry: string; detail: string }
  /** Declared sizes of a zip bomb. `part` is set when one entry's ratio is at fault, else the total is. */
  | { ok: false; problem: 'unpacked-too-large'; unpackedBytes: number; part?: string; detail: string };

/** The OOXML kinds: where the main part lives and the content type `[Content_Types].xml` must give it. */
const ooxmlKinds: { kind: OfficeKind; mainPart: string; contentType: string }[] = [
  {
    kind: 'docx',
    mainPart: 'word/document.xml',
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
  },
  {
    kind: 'xlsx',
    mainPart: 'xl/workbook.xml',
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
  },
];

const odfTypes: Record<string, OfficeKind> = { 'application/vnd.oasis.opendocument.text': 'odt' };

/** File name endings that run when opened or double-clicked (Windows, macOS, Linux, Java, scripts). */
const executableEndings = new Set([
  'exe',
  'dll',
  'com',
  'scr',
  'pif',
  'cpl',
  'msi',
  'msp',
  'msc',
  'bat',
  'cmd',
  'js',
  'jse',
  'mjs',
  'vbs',
  'vbe',
  'vb',
  'wsf',
  'wsh',
  'ws',
  'ps1',
  'psm1',
  'psd1',
  'hta',
  'jar',
  'sh',
  'bash',
  'command',
  'lnk',
  'reg',
  'inf',
  'app',
  'apk',
  'dmg',
  'pkg',
  'deb',
  'rpm',
  'elf',
  'so',
  'dylib',
  'py',
  'pl',
  'rb',
  'php',
  'sys',
  'drv',
  'ocx',
  'gadget',
  'application',
  'appref-ms',
  'url',
  'iso',
  'img',
  'vhd',
  'vhdx',
]);

/** Parts that carry macros: VBA projects in OOXML, Basic libraries and scripts in ODF. */
const macroPart = /(^|\/)vbaProject\.bin$|(^|\/)vbaData\.xml$|^Basic\/|^Scripts\//i;

/** Compression methods office suites write: stored and deflate. */
const knownMethods = new Set([0, 8]);

/** The name shown in a message: the last path segment, printable, at most 60 characters. */
function shownName(fileName: string): string {
  const base = fileName.split('/').pop() ?? fileName;
  return base.replace(/[^\p{L}\p{N}._ -]/gu, '').slice(0, 60) || '(no name)';
}

function unsafeEntry(fileName: string): boolean {
  if (macroPart.test(fileName)) return true;
  const ending = /\.([^./]+)$/.exec(fileName)?.[1]?.toLowerCase();
  return ending !== undefined && executableEndings.has(ending);
}

async function readSmallEntry(zip: ZipFile, entry: Entry, maxBytes: number): Promise<string | undefined> {
  if (entry.uncompressedSize > maxBytes) return undefined;
  const stream: Readable = await zip.openReadStreamPromise(entry);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    // yauzl checks the declared size while inflating; this is a second fence.
    if (size > maxBytes) {
      stream.destroy();
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The content types `[Content_Types].xml` gives to parts by name (`/word/document.xml` → type), lower-cased names. */
function overrides(xml: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const tag of xml.match(/<(?:\w+:)?Override\b[^>]*>/g) ?? []) {
    const part = /\bPartName\s*=\s*["']([^"']*)["']/.exec(tag)?.[1];
    const type = /\bContentType\s*=\s*["']([^"']*)["']/.exec(tag)?.[1];
    if (part !== undefined && type !== undefined) found.set(part.toLowerCase(), type.trim());
  }
  return found;
}

async function judge(zip: ZipFile, limits: UnpackedLimits): Promise<ContainerVerdict> {
  if (zip.entryCount > limits.maxEntries)
    return {
      ok: false,
      problem: 'not-office',
      detail: `${zip.entryCount} entries; an office document has far fewer than ${limits.maxEntries}`,
    };
  const entries: Entry[] = [];
  const names = new Set<string>();
  let total = 0;
  for await (const entry of zip.eachEntry()) {
    const name = entry.fileName;
    if (names.has(name.toLowerCase()))
      return { ok: false, problem: 'not-office', detail: `entry "${shownName(name)}" appears twice` };
    names.add(name.toLowerCase());
    if (unsafeEntry(name))
      return {
        ok: false,
        problem: 'unsafe-entry',
        entry: shownName(name),
        detail: `entry "${shownName(name)}" is a program, a script or a macro`,
      };
    if (entry.isEncrypted() || !knownMethods.has(entry.compressionMethod))
      return {
        ok: false,
        problem: 'not-office',
        detail: `entry "${shownName(name)}" is encrypted or packed with method ${entry.compressionMethod}`,
      };
    total += entry.uncompressedSize;
    const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
    if (entry.uncompressedSize > limits.ratioExemptBytes && ratio > limits.maxRatio)
      return {
        ok: false,
        problem: 'unpacked-too-large',
        unpackedBytes: entry.uncompressedSize,
        part: shownName(name),
        detail: `entry "${shownName(name)}" declares ${entry.uncompressedSize} bytes unpacked from ${entry.compressedSize} (ratio ${Math.round(ratio)}; the limit is ${limits.maxRatio})`,
      };
    entries.push(entry);
  }
  if (total > limits.maxTotalBytes)
    return {
      ok: false,
      problem: 'unpacked-too-large',
      unpackedBytes: total,
      detail: `the entries declare ${total} bytes unpacked in all; the limit is ${limits.maxTotalBytes}`,
    };
  const byName = new Map(entries.map((entry) => [entry.fileName, entry]));

  // OpenDocument: the type is the first entry, stored, so that it can be read at a fixed offset.
  const first = entries[0];
  if (first?.fileName === 'mimetype') {
    const type = first.compressionMethod === 0 ? await readSmallEntry(zip, first, 200) : undefined;
    const kind = type === undefined ? undefined : odfTypes[type.trim()];
    if (kind && byName.has('content.xml') && byName.has('META-INF/manifest.xml')) return { ok: true, kind };
    return {
      ok: false,
      problem: 'not-office',
      detail:
        'an OpenDocument "mimetype" entry without an accepted type, content.xml or META-INF/manifest.xml',
    };
  }

  const contentTypes = byName.get('[Content_Types].xml');
  if (!contentTypes)
    return {
      ok: false,
      problem: 'not-office',
      detail: 'no [Content_Types].xml and no OpenDocument mimetype',
    };
  const xml = await readSmallEntry(zip, contentTypes, 1024 * 1024);
  if (xml === undefined)
    return { ok: false, problem: 'not-office', detail: '[Content_Types].xml is larger than 1 MiB' };
  const types = overrides(xml);
  for (const candidate of ooxmlKinds) {
    if (types.get(`/${candidate.mainPart}`) === candidate.contentType && byName.has(candidate.mainPart))
      return { ok: true, kind: candidate.kind };
  }
  return {
    ok: false,
    problem: 'not-office',
    detail:
      '[Content_Types].xml gives no Word or Excel main part its content type (a macro-enabled or template file, or parts only named like a document)',
  };
}

/**
 * Judges the ZIP container in `source` (a file path, read piece by piece, or the bytes). Never throws for a
 * damaged or hostile file: that is a `not-office` verdict.
 */
export async function inspectOfficeContainer(
  source: string | Uint8Array,
  limits: UnpackedLimits = unpackedLimits,
): Promise<ContainerVerdict> {
  let zip: ZipFile | undefined;
  try {
    const options = { lazyEntries: true, autoClose: false, strictFileNames: true } as const;
    zip =
      typeof source === 'string'
        ? await yauzl.openPromise(source, options)
        : await yauzl.fromBufferPromise(
            Buffer.from(source.buffer, source.byteOffset, source.byteLength),
            options,
          );
    return await judge(zip, limits);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      problem: 'not-office',
      detail: `not a readable ZIP container: ${reason.slice(0, 200)}`,
    };
  } finally {
    zip?.close();
  }
}
