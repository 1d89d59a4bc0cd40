// Postmark posts JSON, so the whole source it includes in `RawEmail` ("Include raw email content in JSON
// payload") is a JSON string: characters, not bytes. Its documentation gives the field as the raw message
// and does not say how the 8-bit bytes of a mail become characters. Reading the string back as UTF-8
// (Buffer.from(text)) turns an ISO-8859-1 "é", the byte E9 carried as U+00E9, into the bytes C3 A9,
// which the parser then reads in the mail's declared charset as "Ã©". The two ways a sender can carry
// bytes as characters are both undone here. Pure.

const utf8 = new TextDecoder('utf-8', { fatal: true });

function isUtf8(bytes: Uint8Array): boolean {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Whether every charset the message declares (or none) is UTF-8 or its ASCII subset. */
function declaresOnlyUtf8(text: string): boolean {
  for (const found of text.matchAll(/\bcharset\s*=\s*"?([A-Za-z0-9._:-]+)/gi)) {
    if (!/^(utf-?8|us-ascii|ascii)$/i.test(found[1] ?? '')) return false;
  }
  return true;
}

/** The bytes of the message Postmark's `RawEmail` string carries. */
export function postmarkRawEmail(text: string): Buffer {
  // A character above U+00FF is no byte: the mail was given as decoded text, which UTF-8 carries whole.
  if (/[^\u0000-\u00ff]/.test(text)) return Buffer.from(text, 'utf8');
  // Every character a byte (U+0000-U+00FF): the bytes one to one, the way ISO-8859-1 reads them. That is
  // the message itself unless it is a UTF-8 mail given as decoded text whose characters all happen to be
  // below U+0100 (French text, say): then the one-to-one bytes are not UTF-8, and it declares only UTF-8.
  const bytes = Buffer.from(text, 'latin1');
  if (isUtf8(bytes) || !declaresOnlyUtf8(text)) return bytes;
  return Buffer.from(text, 'utf8');
}
