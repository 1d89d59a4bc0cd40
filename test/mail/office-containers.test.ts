// Issue 11, item 11, through the real bot: a ZIP is a Word, Excel or OpenDocument file only when its
// structure says so. Fakes, documents carrying a program or a script, and zip bombs are refused, by the
// request form's upload (POST /api/attachments: a message naming the file and what was found, nothing
// left on disk) and as mail attachments (listed as not kept in the issue, never stored); minimal real
// documents are still accepted.

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, siteOrigin, startHarness, type Harness } from '../support/bot-harness.ts';
import {
  deflatedZerosDocx,
  fakeDocx,
  lyingSizesDocx,
  minimalDocx,
  minimalOdt,
  minimalXlsx,
} from './office-files.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

interface Uploaded {
  files: { id: string; name: string; type: string }[];
  errors: { name: string; message: string }[];
}

async function upload(h: Harness, name: string, bytes: Buffer): Promise<Uploaded> {
  const form = new FormData();
  form.append('files', new Blob([new Uint8Array(bytes)]), name);
  const response = await fetch(`${h.url}/api/attachments?lang=fr`, {
    method: 'POST',
    headers: { origin: siteOrigin },
    body: form,
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Uploaded;
}

const onDisk = (h: Harness) => {
  const dir = path.join(h.dataDir, 'attachments');
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
};

const refused: [string, string, () => Buffer, string][] = [
  [
    'parts only named like a Word file’s',
    'contrat.docx',
    fakeDocx,
    "contrat.docx : ce type de fichier n'est pas accepté ; envoyez une image, un PDF, un texte, un CSV ou un document bureautique.",
  ],
  [
    'a Word file carrying a program',
    'facture.docx',
    () => minimalDocx({ 'word/embeddings/setup.exe': Buffer.from('MZ\x90\x00') }),
    'facture.docx : ce document contient un programme, un script ou une macro (setup.exe) ; enregistrez-le sans, ou envoyez un PDF.',
  ],
  [
    'a Word file carrying a script',
    'relance.docx',
    () => minimalDocx({ 'customXml/payload.js': Buffer.from('WScript.Shell') }),
    'relance.docx : ce document contient un programme, un script ou une macro (payload.js) ; enregistrez-le sans, ou envoyez un PDF.',
  ],
  [
    'a zip bomb of deflated zeros',
    'rapport.docx',
    () => deflatedZerosDocx(200),
    'rapport.docx : sa partie image1.png se décompresserait en 190,7 Mo, plus de 100 fois sa taille, comme une bombe de décompression ; enregistrez le document à nouveau, ou envoyez un PDF.',
  ],
  [
    'a zip bomb whose declared sizes lie',
    'tableau.docx',
    () => lyingSizesDocx(['word/media/image1.png'], 200_000_000),
    'tableau.docx : sa partie image1.png se décompresserait en 190,7 Mo, plus de 100 fois sa taille, comme une bombe de décompression ; enregistrez le document à nouveau, ou envoyez un PDF.',
  ],
  [
    'many small parts adding up past the limit',
    'archive.docx',
    () =>
      lyingSizesDocx(
        Array.from({ length: 300 }, (_, index) => `word/media/image${index}.png`),
        1_000_000,
      ),
    'archive.docx : une fois décompressé, ce document occuperait 286,1 Mo ; la limite est de 256 Mo. Enregistrez-le à nouveau, ou envoyez un PDF.',
  ],
];

describe('office documents uploaded by the request form', () => {
  it.each(refused)(
    '%s is refused with a message naming the file and what was found; nothing stays on disk',
    async (_what, name, build, message) => {
      harness = await startHarness({ runWorker: false });
      const answer = await upload(harness, name, build());
      expect(answer.files).toEqual([]);
      expect(answer.errors).toEqual([{ field: 'files', name, message }]);
      expect(onDisk(harness)).toEqual([]);
    },
  );

  it('a minimal real Word, Excel and OpenDocument file are kept with their type', async () => {
    harness = await startHarness({ runWorker: false });
    const kept = [
      ...(await upload(harness, 'commande.docx', minimalDocx())).files,
      ...(await upload(harness, 'factures.xlsx', minimalXlsx())).files,
      ...(await upload(harness, 'note.odt', minimalOdt())).files,
    ];
    expect(kept.map((file) => [file.name, file.type])).toEqual([
      ['commande.docx', 'docx'],
      ['factures.xlsx', 'xlsx'],
      ['note.odt', 'odt'],
    ]);
    expect(onDisk(harness)).toEqual(kept.map((file) => file.id).sort());
  });
});

/** A customer's mail with `files` attached (base64 parts). */
function mailWith(files: [string, string, Buffer][]): Buffer {
  const boundary = 'repodesk-office-boundary';
  const parts = files.map(([name, type, bytes]) =>
    [
      `--${boundary}`,
      `Content-Type: ${type}; name="${name}"`,
      `Content-Disposition: attachment; filename="${name}"`,
      'Content-Transfer-Encoding: base64',
      '',
      bytes.toString('base64').replace(/.{76}/g, '$&\r\n'),
    ].join('\r\n'),
  );
  return Buffer.from(
    [
      'From: Claire Martin <claire.martin@exemple-client.fr>',
      'To: support@cassiopee.example',
      'Subject: Documents de la commande 4411',
      'Date: Mon, 3 Nov 2026 10:15:02 +0000',
      'Message-ID: <office-containers-1@exemple-client.fr>',
      'MIME-Version: 1.0',
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Bonjour, voici les documents de la commande 4411.',
      ...parts,
      `--${boundary}--`,
      '',
    ].join('\r\n'),
  );
}

describe('office documents attached to a mail', () => {
  it('the real ones are linked in the issue; fakes, programs inside and zip bombs are listed as not kept and never stored', async () => {
    harness = await startHarness();
    const word = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    const raw = mailWith([
      ['commande.docx', word, minimalDocx()],
      ['factures.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', minimalXlsx()],
      ['contrat.docx', word, fakeDocx()],
      ['facture.docx', word, minimalDocx({ 'word/embeddings/setup.exe': Buffer.from('MZ\x90\x00') })],
      ['rapport.docx', word, lyingSizesDocx(['word/media/image1.png'], 200_000_000)],
    ]);
    const response = await fetch(`${harness.url}/api/inbound/email`, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822' },
      body: new Uint8Array(raw),
    });
    expect(response.status).toBe(200);
    const issue = await eventually(async () =>
      (await harness!.issues()).find((candidate) => candidate.body.includes('commande 4411')),
    );
    expect(issue.body).toMatch(
      /- \[commande\.docx\]\(http:\/\/bot\.test\/files\/[\w-]+\.docx\?[^)]+\) · Word · /,
    );
    expect(issue.body).toMatch(
      /- \[factures\.xlsx\]\(http:\/\/bot\.test\/files\/[\w-]+\.xlsx\?[^)]+\) · Excel · /,
    );
    expect(issue.body).toContain('- contrat.docx (non conservée : type de fichier non accepté)');
    expect(issue.body).toContain(
      '- facture.docx (non conservée : contient un programme, un script ou une macro)',
    );
    expect(issue.body).toContain('- rapport.docx (non conservée : trop volumineux une fois décompressé)');
    expect(
      onDisk(harness!)
        .map((file) => path.extname(file))
        .sort(),
    ).toEqual(['.docx', '.xlsx']);
  });
});
