import { describe, expect, it } from 'vitest';
import { formFields } from '../../../../src/channels/email/inbound/form-fields.ts';

const text = (fields: Map<string, Uint8Array> | undefined, name: string) =>
  fields?.has(name) ? Buffer.from(fields.get(name) ?? new Uint8Array()).toString('latin1') : undefined;

describe('formFields: provider form posts read as bytes', () => {
  it('multipart: every byte of a field is kept, whatever its charset', () => {
    const body = Buffer.concat([
      Buffer.from('preamble\r\n--b\r\nContent-Disposition: form-data; name="email"\r\n\r\n'),
      Buffer.from('caf\xe9\r\nsecond line', 'latin1'),
      Buffer.from(
        '\r\n--b\r\nContent-Disposition: form-data; name="to"\r\n\r\nsupport@x.example\r\n--b--\r\n',
      ),
    ]);
    const fields = formFields(body, 'multipart/form-data; boundary=b');
    expect(text(fields, 'email')).toBe('caf\xe9\r\nsecond line');
    expect(text(fields, 'to')).toBe('support@x.example');
  });

  it('multipart: a quoted boundary, LF line breaks, a file part, and the boundary inside a line', () => {
    const plain = Buffer.from(
      '--odd\nContent-Disposition: form-data; name="body-mime"; filename="m"\n\nx --odd y\n--odd--\n',
    );
    expect(text(formFields(plain, 'multipart/form-data; boundary="odd"'), 'body-mime')).toBe('x --odd y');
  });

  it('urlencoded: percent-escapes become bytes, + a space', () => {
    const fields = formFields(
      Buffer.from('email=caf%E9+cr%C3%A8me&token=a%2Bb'),
      'application/x-www-form-urlencoded',
    );
    expect(text(fields, 'email')).toBe('caf\xe9 cr\xc3\xa8me');
    expect(text(fields, 'token')).toBe('a+b');
  });

  it.each([
    ['no boundary', 'multipart/form-data', '--b\r\n\r\n'],
    [
      'an unclosed part',
      'multipart/form-data; boundary=b',
      '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nno end',
    ],
    ['another type', 'application/json', '{}'],
  ])('%s is malformed', (_name, type, body) => {
    expect(formFields(Buffer.from(body), type)).toBe(undefined);
  });
});
