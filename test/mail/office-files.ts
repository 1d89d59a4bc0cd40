// Office documents and hostile ZIPs built in the test (fflate): a minimal real Word, Excel and OpenDocument
// file, and the containers issue 11 found accepted: parts only named like a Word file's, a Word file
// carrying a program or a script, zip bombs (deflated zeros, and declared sizes that lie).

import { strToU8, zipSync, type Zippable } from 'fflate';

const relationships = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="MAIN"/></Relationships>`;

function contentTypes(overrides: Record<string, string>): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    Object.entries(overrides)
      .map(([part, type]) => `<Override PartName="${part}" ContentType="${type}"/>`)
      .join('') +
    '</Types>'
  );
}

const wordMainType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';
const excelMainType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml';

const documentXml =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Bon de commande 4411</w:t></w:r></w:p></w:body></w:document>';

/** The parts of a minimal Word document (what Word itself needs to open it). */
export function wordParts(extra: Zippable = {}): Zippable {
  return {
    '[Content_Types].xml': strToU8(contentTypes({ '/word/document.xml': wordMainType })),
    '_rels/.rels': strToU8(relationships.replace('MAIN', 'word/document.xml')),
    'word/document.xml': strToU8(documentXml),
    ...extra,
  };
}

/** A minimal real Word document. */
export function minimalDocx(extra: Zippable = {}): Buffer {
  return Buffer.from(zipSync(wordParts(extra)));
}

/** A minimal real Excel workbook. */
export function minimalXlsx(): Buffer {
  return Buffer.from(
    zipSync({
      '[Content_Types].xml': strToU8(
        contentTypes({
          '/xl/workbook.xml': excelMainType,
          '/xl/worksheets/sheet1.xml':
            'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml',
        }),
      ),
      '_rels/.rels': strToU8(relationships.replace('MAIN', 'xl/workbook.xml')),
      'xl/workbook.xml': strToU8(
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Factures" sheetId="1" r:id="rId1"/></sheets></workbook>',
      ),
      'xl/_rels/workbook.xml.rels': strToU8(
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
      ),
      'xl/worksheets/sheet1.xml': strToU8(
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>FA-1</t></is></c></row></sheetData></worksheet>',
      ),
    }),
  );
}

/** A minimal real OpenDocument text: `mimetype` first and stored, then the content and the manifest. */
export function minimalOdt(): Buffer {
  return Buffer.from(
    zipSync({
      mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }],
      'content.xml': strToU8(
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>',
      ),
      'META-INF/manifest.xml': strToU8(
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>',
      ),
    }),
  );
}

/** The fake of issue 11: entries named like a Word file's parts, no content type for them, a program and a script. */
export function fakeDocx(): Buffer {
  return Buffer.from(
    zipSync({
      '[Content_Types].xml': strToU8('<Types/>'),
      'word/document.xml': strToU8('<not-word/>'),
    }),
  );
}

/** Zeros that deflate about 1,000 to 1: `megabytes` MB of them as the document part of a Word file. */
export function deflatedZerosDocx(megabytes: number): Buffer {
  return minimalDocx({ 'word/media/image1.png': new Uint8Array(megabytes * 1_000_000) });
}

/**
 * A Word file whose central directory lies: each named part declares `declaredBytes` unpacked for a few
 * bytes packed (the local headers agree, as a crafted bomb's would).
 */
export function lyingSizesDocx(parts: string[], declaredBytes: number): Buffer {
  const zip = Buffer.from(
    zipSync(wordParts(Object.fromEntries(parts.map((name) => [name, strToU8('tiny')])))),
  );
  const patch = (signature: number, sizeOffset: number, nameLengthOffset: number, nameOffset: number) => {
    for (let at = 0; at + 4 <= zip.length; at += 1) {
      if (zip.readUInt32LE(at) !== signature) continue;
      const nameLength = zip.readUInt16LE(at + nameLengthOffset);
      const name = zip.subarray(at + nameOffset, at + nameOffset + nameLength).toString('utf8');
      if (parts.includes(name)) zip.writeUInt32LE(declaredBytes, at + sizeOffset);
    }
  };
  // Local file header: uncompressed size at 22, name length at 26, name at 30.
  patch(0x04034b50, 22, 26, 30);
  // Central directory header: uncompressed size at 24, name length at 28, name at 46.
  patch(0x02014b50, 24, 28, 46);
  return zip;
}
