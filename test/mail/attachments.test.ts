import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { detectKind, screenAttachments, signFileUrl, verifyFileUrl } from '../../src/mail/attachments.ts';
import { storeAttachment, storedAttachmentPath } from '../../src/store/attachment-files.ts';
import { strToU8, zipSync } from 'fflate';
import { parseMessage } from '../../src/mail/parse-message.ts';
import { readEmail } from '../support/email-fixtures.ts';
import {
  deflatedZerosDocx,
  fakeDocx,
  lyingSizesDocx,
  minimalDocx,
  minimalOdt,
  minimalXlsx,
  wordParts,
} from './office-files.ts';

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(
    Buffer.concat(
      parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))),
    ),
  );

describe('detectKind by magic bytes', () => {
  it.each([
    ['png', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'rest'), 'x.bin', 'png'],
    ['jpeg', bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'), 'x', 'jpeg'],
    ['gif', bytes('GIF89a', [1, 0, 1, 0]), 'x', 'gif'],
    ['webp', bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '), 'x', 'webp'],
    ['pdf', bytes('%PDF-1.7\n'), 'x', 'pdf'],
    ['a minimal Word document', minimalDocx(), 'a.zip', 'docx'],
    ['a minimal Excel workbook', minimalXlsx(), 'a', 'xlsx'],
    ['a minimal OpenDocument text', minimalOdt(), 'a', 'odt'],
    ['a log in UTF-8', bytes('2026-11-03 10:00 ERREUR connexion refusée\n'), 'app.log', 'text'],
    ['a CSV', bytes('ref;montant\nFA-1;12,40\n'), 'export.csv', 'csv'],
    ['a Windows-1252 log', bytes('caf\xe9 cr\xe8me\r\n'), 'old.log', 'text'],
  ])('%s is accepted', async (_name, content, name, kind) => {
    expect(await detectKind(content, name)).toEqual({ ok: true, kind });
  });

  it.each([
    ['a Windows executable named .pdf', bytes('MZ', [0x90, 0, 3, 0, 0, 0]), 'facture.pdf'],
    ['a plain ZIP', bytes([0x50, 0x4b, 0x03, 0x04], 'payload.exe'), 'docs.docx'],
    ['an ELF binary', bytes([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), 'notes.txt'],
    ['an HTML file with a NUL byte', bytes('<html>', [0], '</html>'), 'page.txt'],
  ])('%s is refused', async (_name, content, name) => {
    expect(await detectKind(content, name)).toMatchObject({ ok: false, reason: 'type-not-allowed' });
  });
});

describe('detectKind reads a ZIP container’s real structure', () => {
  it.each([
    ['parts only named like a Word file’s (no content type for them)', fakeDocx(), 'type-not-allowed'],
    [
      'a Word file whose main part has a macro-enabled content type',
      Buffer.from(
        zipSync({
          ...wordParts(),
          '[Content_Types].xml': strToU8(
            `<Types><Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>`,
          ),
        }),
      ),
      'type-not-allowed',
    ],
    [
      'the content type of a Word file without its main part',
      Buffer.from(zipSync({ '[Content_Types].xml': wordParts()['[Content_Types].xml']! })),
      'type-not-allowed',
    ],
    [
      'an OpenDocument mimetype naming a spreadsheet',
      Buffer.from(
        zipSync({
          mimetype: [strToU8('application/vnd.oasis.opendocument.spreadsheet'), { level: 0 }],
          'content.xml': strToU8('<x/>'),
          'META-INF/manifest.xml': strToU8('<m/>'),
        }),
      ),
      'type-not-allowed',
    ],
    [
      'a Word file carrying setup.exe',
      minimalDocx({ 'word/setup.exe': bytes('MZ', [0x90]) }),
      'unsafe-content',
    ],
    [
      'a Word file carrying a script',
      minimalDocx({ 'docProps/run.js': strToU8('WScript.Echo(1)') }),
      'unsafe-content',
    ],
    [
      'a Word file carrying a VBA project',
      minimalDocx({ 'word/vbaProject.bin': bytes([0xd0, 0xcf]) }),
      'unsafe-content',
    ],
    ['a Word file with a part of 20 MB of zeros (ratio ~1,000)', deflatedZerosDocx(20), 'unpacked-too-large'],
    [
      'a part declaring 200 MB unpacked',
      lyingSizesDocx(['word/media/image1.png'], 200_000_000),
      'unpacked-too-large',
    ],
    [
      '300 small parts declaring 1 MB each (300 MB in all)',
      lyingSizesDocx(
        Array.from({ length: 300 }, (_, index) => `word/media/image${index}.png`),
        1_000_000,
      ),
      'unpacked-too-large',
    ],
  ])('%s is refused', async (_name, content, reason) => {
    expect(await detectKind(content, 'rapport.docx')).toMatchObject({ ok: false, reason });
  });

  it('names what it found: the program inside, the part and its declared size', async () => {
    expect(await detectKind(minimalDocx({ 'word/embeddings/setup.exe': bytes('MZ') }))).toMatchObject({
      entry: 'setup.exe',
    });
    expect(await detectKind(lyingSizesDocx(['word/media/image1.png'], 200_000_000))).toMatchObject({
      part: 'image1.png',
      unpackedBytes: 200_000_000,
    });
  });
});

describe('screenAttachments', () => {
  it('keeps the PNG and the PDF of a nested message and refuses the executable disguised as a PDF', async () => {
    const parsed = await parseMessage(readEmail('nested-attachments.eml'));
    if (!parsed.ok) throw new Error(parsed.detail);
    const verdicts = await screenAttachments(parsed.mail.attachments);
    expect(
      verdicts.map((verdict) =>
        verdict.accepted
          ? `${verdict.displayName}:${verdict.kind}`
          : `${verdict.displayName}:${verdict.reason}`,
      ),
    ).toEqual(['capture.png:png', 'bon-de-commande.pdf:pdf', 'facture.pdf:type-not-allowed']);
  });

  it('applies the size cap per file and the count cap per message, with messages naming the file and the limit', async () => {
    const small = bytes('%PDF-1.4 small');
    const verdicts = await screenAttachments(
      [
        { filename: 'big.pdf', content: bytes('%PDF-', 'x'.repeat(200)) },
        { filename: '../../etc/passwd\u0000.pdf', content: small },
        { filename: null, content: small },
        { filename: 'third.pdf', content: small },
      ],
      { maxFileBytes: 100, maxFiles: 2 },
    );
    expect(verdicts.map((verdict) => (verdict.accepted ? verdict.displayName : verdict.message))).toEqual([
      'big.pdf: 205 bytes; the limit is 100 bytes per file',
      'passwd.pdf',
      'attachment-3',
      'third.pdf: only 2 files are kept per message',
    ]);
  });
});

describe('stored attachments and signed links', () => {
  let dataDir = '';
  afterEach(() => {
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores a file under a generated name that never contains the sender name', () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-att-'));
    const stored = storeAttachment(dataDir, {
      kind: 'pdf',
      displayName: 'facture.pdf',
      content: bytes('%PDF-1.4'),
    });
    expect(stored.id).toMatch(/^[A-Za-z0-9_-]{22}\.pdf$/);
    expect(fs.readdirSync(path.join(dataDir, 'attachments'))).toEqual([stored.id]);
    const located = storedAttachmentPath(dataDir, stored.id);
    expect(located && fs.readFileSync(located.file, 'latin1')).toBe('%PDF-1.4');
    expect(storedAttachmentPath(dataDir, '../repodesk.sqlite')).toBe(undefined);
  });

  it('a signed link verifies until it expires; a changed id, expiry or signature is refused', () => {
    const url = new URL(signFileUrl('abc.pdf', 1_000, 'file-secret'), 'https://bot.example');
    const exp = url.searchParams.get('exp') ?? '';
    const sig = url.searchParams.get('sig') ?? '';
    expect(url.pathname).toBe('/files/abc.pdf');
    expect(verifyFileUrl('abc.pdf', exp, sig, 'file-secret', 999)).toEqual({ ok: true });
    expect(verifyFileUrl('abc.pdf', exp, sig, 'file-secret', 1_001)).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(verifyFileUrl('abd.pdf', exp, sig, 'file-secret', 999)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(verifyFileUrl('abc.pdf', '99999', sig, 'file-secret', 999)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(verifyFileUrl('abc.pdf', exp, sig.slice(1), 'file-secret', 999)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });
});
