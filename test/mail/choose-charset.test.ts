// The charset of mail text, as choose-charset decides it: valid UTF-8 first, honest labels kept, wrong
// ones mapped, the rest detected (issue 19 item 12). The bot-level cases are in real-world-mail.test.ts.

import { describe, expect, it } from 'vitest';
import { chooseCharset } from '../../src/mail/choose-charset.ts';

const hex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));
const gbk = hex(
  'c4fabac3a3acced2b5c4b6a9b5a5bbb9c3bbd3d0cad5b5bda3acc7ebb0efced2b2e9d2bbcfc2a1a3d0bbd0bba3a1',
);
const shiftJis = hex(
  '82a890a2986282c982c882c182c482a882e882dc82b78142928d95b682b582bd8fa4956982aa82dc82be93cd82a282c482a282dc82b982f18142',
);
const cp1252 = hex(
  '5472e873206269656e2c206d657263692062656175636f757020706f7572206c612072e9706f6e73652072617069646520e0206d61207175657374696f6e2e',
);
const eucKr = hex(
  'bec8b3e7c7cfbcbcbfe42e20c1d6b9aec7d120bbf3c7b0c0cc20bec6c1f720b5b5c2f8c7cfc1f620becabed2bdc0b4cfb4d92e',
);
const big5 = hex(
  'b17aa66ea141a7daaabaad71b3e6c1d9a853a6b3a6aca8eca141bdd0c0b0a7daac64a440a455a143c1c2c1c2a149',
);
const utf8 = new TextEncoder().encode('Problème réglé, l’étiquette était fausse.');

describe('chooseCharset', () => {
  it.each([
    ['UTF-8 bytes with no label', utf8, undefined, { charset: 'utf-8', how: 'utf-8' }],
    ['UTF-8 bytes under a label that names nothing', utf8, 'x-unknown', { charset: 'utf-8', how: 'utf-8' }],
    ['UTF-8 bytes labelled Latin-1', utf8, 'iso-8859-1', { charset: 'utf-8', how: 'utf-8' }],
    ['UTF-8 labelled UTF-8', utf8, 'UTF-8', { charset: 'utf-8', how: 'declared' }],
    ['GBK with no label', gbk, undefined, { charset: 'gb18030', how: 'detected' }],
    ['GBK labelled iso-gb2312', gbk, 'iso-gb2312', { charset: 'gb18030', how: 'mapped' }],
    ['GBK labelled gb2312', gbk, 'gb2312', { charset: 'gb18030', how: 'mapped' }],
    ['Shift_JIS with no label', shiftJis, undefined, { charset: 'shift_jis', how: 'detected' }],
    [
      'Shift_JIS labelled ISO-2022-JP (a 7-bit encoding)',
      shiftJis,
      'iso-2022-jp',
      { charset: 'shift_jis', how: 'detected' },
    ],
    ['EUC-KR labelled ks_c_5601-1987', eucKr, 'ks_c_5601-1987', { charset: 'euc-kr', how: 'mapped' }],
    ['Big5 with no label', big5, undefined, { charset: 'big5', how: 'detected' }],
    [
      'Windows-1252 labelled x-user-defined',
      cp1252,
      'x-user-defined',
      { charset: 'windows-1252', how: 'detected' },
    ],
    ['Windows-1252 labelled us-ascii', cp1252, 'us-ascii', { charset: 'windows-1252', how: 'detected' }],
    ['Latin-1 labelled Latin-1', cp1252, 'ISO-8859-1', { charset: 'windows-1252', how: 'declared' }],
    [
      '7-bit text under a label that names nothing',
      new TextEncoder().encode('plain ascii'),
      'x-unknown',
      { charset: 'utf-8', how: 'ascii' },
    ],
    [
      'ISO-2022-JP escapes with no label',
      hex('1b244224334b751b2842'),
      undefined,
      { charset: 'iso-2022-jp', how: 'detected' },
    ],
  ])('%s', (_case, bytes, declared, expected) => {
    expect(chooseCharset(bytes, declared)).toEqual(expected);
  });
});
