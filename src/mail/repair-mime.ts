// Repairs what real mail gets wrong about its own text before postal-mime reads it, so that the parser
// decodes every text part and header right: a text part whose charset is missing, names no encoding or
// the wrong one gets the label `chooseCharset` finds (only the label changes: the bytes stay as sent),
// and a header block with raw 8-bit bytes that are not UTF-8 (postal-mime reads headers as UTF-8) is
// transcoded to UTF-8 in the charset of the message's text or, failing that, the one detected. A
// second HTML part of an alternative that also has plain text (read instead of the HTML) is returned to
// be kept as a file, never dropped. The MIME structure is read by mailsplit (the splitter under
// mailparser); the output is the input with only the changed header blocks replaced, so a message that
// needs nothing comes back as the same bytes.

import { Readable } from 'node:stream';
import { Splitter } from '@zone-eu/mailsplit';
import type { MimeNode } from '@zone-eu/mailsplit';
import { chooseCharset, detectCharset, isUtf8, knownCharset } from './choose-charset.ts';

export interface RepairedMime {
  /** The message to parse: `raw` itself when nothing needed repair. */
  raw: Uint8Array;
  /** HTML alternatives the parser would not show (a plain text part is read instead), as UTF-8 files. */
  extraHtml: { filename: string; content: Uint8Array }[];
  /** One line per repair, for the log: `part 2 text/plain: charset "iso-gb2312" → gb18030 (mapped)`. */
  repairs: string[];
}

interface TextPart {
  node: MimeNode;
  chunks: Buffer[];
  /** Position of the part in the message, 1-based, for the repairs list. */
  index: number;
}

interface HeaderBlock {
  node: MimeNode;
  start: number;
  length: number;
}

function isInlineText(node: MimeNode): boolean {
  return (
    (node.contentType === 'text/plain' || node.contentType === 'text/html') &&
    node.disposition !== 'attachment' &&
    !node.filename
  );
}

async function transferDecoded(node: MimeNode, chunks: Buffer[]): Promise<Buffer> {
  const decoder = node.getDecoder();
  const out: Buffer[] = [];
  decoder.on('data', (chunk: Buffer) => out.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    decoder.once('end', resolve);
    decoder.once('error', reject);
  });
  for (const chunk of chunks) decoder.write(chunk);
  decoder.end();
  await done;
  return Buffer.concat(out);
}

const encodedWord = /=\?([^?\s*]+)(\*[^?\s]*)?\?([bq])\?([^?\s]*)\?=/gi;

/** The bytes of an encoded word's text (`B` is base64, `Q` quoted-printable with `_` for space). */
function encodedWordBytes(encoding: string, text: string): Buffer {
  if (encoding.toLowerCase() === 'b') return Buffer.from(text, 'base64');
  return Buffer.from(
    text
      .replace(/_/g, ' ')
      .replace(/=([0-9a-f]{2})/gi, (_whole, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  );
}

/** Encoded words (`=?iso-gb2312?B?…?=`) relabelled with the charset their bytes really are in; the line as it was when none needs it. */
function relabelEncodedWords(line: string): string {
  return line.replace(
    encodedWord,
    (whole, label: string, language: string | undefined, encoding: string, text: string) => {
      const choice = chooseCharset(encodedWordBytes(encoding, text), label);
      if (choice.how === 'declared' || choice.how === 'ascii' || knownCharset(label) === choice.charset)
        return whole;
      return `=?${choice.charset}${language ?? ''}?${encoding}?${text}?=`;
    },
  );
}

function has8bit(line: string): boolean {
  return /[\u0080-\u00ff]/.test(line);
}

/** The nearest multipart/alternative above `node`, if any. */
function alternativeOf(node: MimeNode): MimeNode | undefined {
  for (let parent = node.parentNode; parent; parent = parent.parentNode) {
    if (parent.multipart === 'alternative') return parent;
  }
  return undefined;
}

/** Labels that decode 7-bit text as it is written: a message using only these needs no repair. */
function harmlessLabel(label: string): boolean {
  const known = knownCharset(label.replace(/^["']|["']$/g, ''));
  return (
    known !== undefined &&
    known !== 'x-user-defined' &&
    known !== 'replacement' &&
    !known.startsWith('utf-16')
  );
}

/** Every position of any of `needles` in `buffer` (native search: no copy of a 25 MB message). */
function positions(buffer: Buffer, needles: readonly string[]): number[] {
  const found: number[] = [];
  for (const needle of needles) {
    for (
      let at = buffer.indexOf(needle, 0, 'latin1');
      at !== -1;
      at = buffer.indexOf(needle, at + 1, 'latin1')
    )
      found.push(at);
  }
  return found;
}

/** The header line starting at `start`, folded lines joined (at most 1,000 bytes). */
function headerLineAt(buffer: Buffer, start: number): string {
  return buffer
    .toString('latin1', start, Math.min(buffer.length, start + 1000))
    .split(/\r?\n(?![ \t])/)[0]!
    .replace(/\r?\n[ \t]+/g, ' ');
}

/**
 * Whether `raw` can need a repair: 8-bit bytes that are not UTF-8 labelled as such, a charset or
 * encoded-word label that names no encoding, a text part (not a named file) that declares no charset over
 * an encoded body, or two HTML parts. Most mail is 7-bit with honest labels and skips the split: the
 * check reads only the header lines it finds by native search, never a copy of the message.
 */
function mayNeedRepair(raw: Uint8Array): boolean {
  const buffer = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const labels = positions(buffer, ['charset', 'Charset', 'CHARSET']).map(
    (at) => /^charset\s*=\s*("[^"]*"|[^\s;]+)/i.exec(buffer.toString('latin1', at, at + 100))?.[1] ?? 'utf-8',
  );
  let eightBit = false;
  for (let index = 0; index < buffer.length; index += 1) {
    if (buffer[index]! >= 0x80) {
      eightBit = true;
      break;
    }
  }
  if (eightBit) {
    // 8-bit UTF-8 labelled UTF-8 (or not at all) is what postal-mime reads by default.
    const utf8Only = labels.every((label) => /^["']?(utf-?8|us-ascii|ascii)["']?$/i.test(label));
    if (!utf8Only || !isUtf8(raw)) return true;
  }
  if (!labels.every(harmlessLabel)) return true;
  for (const at of positions(buffer, ['=?'])) {
    const label = /^=\?([^?\s*]+)(\*[^?\s]*)?\?[bq]\?/i.exec(buffer.toString('latin1', at, at + 100))?.[1];
    if (label !== undefined && !harmlessLabel(label)) return true;
  }
  const headers = positions(buffer, ['ontent-', 'ONTENT-'])
    .filter((at) => at > 0 && /[cC]/.test(String.fromCharCode(buffer[at - 1]!)))
    .map((at) => headerLineAt(buffer, at - 1));
  const types = headers.filter((line) => /^content-type:/i.test(line));
  const encodedBodies = headers.some((line) =>
    /^content-transfer-encoding:\s*(base64|quoted-printable)/i.test(line),
  );
  // A text part (not a named file) that declares no charset, or a message with no Content-Type at all.
  const textWithoutCharset = types.some(
    (line) => /^content-type:\s*text\/[a-z]+/i.test(line) && !/\b(charset|name)\s*=/i.test(line),
  );
  if (encodedBodies && (textWithoutCharset || types.length === 0)) return true;
  return types.filter((line) => /^content-type:\s*text\/html/i.test(line)).length >= 2;
}

/** Repairs charsets and 8-bit headers of `raw` (see the module comment). Never throws: on a structure mailsplit refuses, `raw` is returned as it is and postal-mime judges it. */
export async function repairMime(raw: Uint8Array): Promise<RepairedMime> {
  const unchanged: RepairedMime = { raw, extraHtml: [], repairs: [] };
  if (!mayNeedRepair(raw)) return unchanged;
  const blocks: HeaderBlock[] = [];
  const texts: TextPart[] = [];
  let offset = 0;
  let current: TextPart | undefined;
  let leaves = 0;
  try {
    const splitter = new Splitter({ maxHeadSize: 1024 * 1024 });
    const input = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    for await (const item of Readable.from([input]).pipe(splitter)) {
      if (item.type === 'node') {
        const node = item as MimeNode;
        const head = node.getHeaders();
        blocks.push({ node, start: offset, length: head.length });
        offset += head.length;
        current = undefined;
        if (!node.multipart) {
          leaves += 1;
          if (isInlineText(node)) {
            current = { node, chunks: [], index: leaves };
            texts.push(current);
          }
        }
      } else {
        const value = (item as { value: Buffer }).value;
        if (item.type === 'body' && current) current.chunks.push(value);
        offset += value.length;
      }
    }
  } catch {
    return unchanged;
  }
  if (offset !== raw.byteLength) return unchanged;

  const repairs: string[] = [];
  const changed = new Set<MimeNode>();
  const chosen = new Map<MimeNode, string>();
  const decoded = new Map<MimeNode, Buffer>();
  for (const part of texts) {
    const bytes = await transferDecoded(part.node, part.chunks);
    decoded.set(part.node, bytes);
    const declared = part.node.charset || undefined;
    const choice = chooseCharset(bytes, declared);
    chosen.set(part.node, choice.charset);
    if (choice.how === 'declared' || choice.how === 'ascii') continue;
    if (declared !== undefined && knownCharset(declared) === choice.charset) continue;
    part.node.setCharset(choice.charset);
    changed.add(part.node);
    repairs.push(
      `part ${part.index} ${String(part.node.contentType)}: charset ${declared === undefined ? '(none)' : JSON.stringify(declared)} → ${choice.charset} (${choice.how})`,
    );
  }

  // Raw 8-bit headers are usually in the charset of the message's own text.
  const messageCharset = [...chosen.values()].find((charset) => charset !== 'utf-8');
  for (const { node } of blocks) {
    const headers = node.headers;
    if (!headers) continue;
    const lines = headers.getList();
    let relabelled = false;
    for (const line of lines) {
      if (!line.line.includes('=?')) continue;
      const fixed = relabelEncodedWords(line.line);
      if (fixed === line.line) continue;
      line.line = fixed;
      relabelled = true;
    }
    if (relabelled) {
      headers.changed = true;
      changed.add(node);
      repairs.push(
        `headers of ${node.root ? 'the message' : String(node.contentType)}: encoded words relabelled`,
      );
    }
    const bad = lines.filter((line) => has8bit(line.line) && !isUtf8(Buffer.from(line.line, 'latin1')));
    if (bad.length === 0) continue;
    const charset =
      chosen.get(node) ??
      messageCharset ??
      detectCharset(Buffer.from(bad.map((line) => line.line).join('\n'), 'latin1'));
    for (const line of bad) {
      const text = new TextDecoder(charset).decode(Buffer.from(line.line, 'latin1'));
      line.line = Buffer.from(text, 'utf8').toString('latin1');
    }
    headers.changed = true;
    changed.add(node);
    repairs.push(
      `headers of ${node.root ? 'the message' : String(node.contentType)}: 8-bit ${charset} → UTF-8`,
    );
  }

  const extraHtml: RepairedMime['extraHtml'] = [];
  const htmlSeen = new Map<MimeNode, number>();
  for (const part of texts) {
    if (part.node.contentType !== 'text/html') continue;
    const alternative = alternativeOf(part.node);
    if (!alternative) continue;
    const count = (htmlSeen.get(alternative) ?? 0) + 1;
    htmlSeen.set(alternative, count);
    const plainBeside = texts.some(
      (other) => other.node.contentType === 'text/plain' && alternativeOf(other.node) === alternative,
    );
    if (count < 2 || !plainBeside) continue;
    const text = new TextDecoder(chosen.get(part.node) ?? 'utf-8').decode(decoded.get(part.node));
    extraHtml.push({ filename: `message-part-${part.index}.html`, content: new TextEncoder().encode(text) });
  }

  if (changed.size === 0) return { raw, extraHtml, repairs };
  const pieces: Buffer[] = [];
  let from = 0;
  const input = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  for (const block of blocks) {
    if (!changed.has(block.node)) continue;
    pieces.push(input.subarray(from, block.start), block.node.getHeaders());
    from = block.start + block.length;
  }
  pieces.push(input.subarray(from));
  return { raw: new Uint8Array(Buffer.concat(pieces)), extraHtml, repairs };
}
