// Checks a GitHub App JSON Web Token the way GitHub does: RS256 signed by the App's private key, `iss` the
// App id, issued no later than a minute from now and expiring within ten minutes.

import { createPublicKey, verify, type KeyObject } from 'node:crypto';

export type JwtCheck = { ok: true } | { ok: false; message: string };

/** GitHub refuses App tokens that live longer than this. */
const maxLifetimeSeconds = 10 * 60;

export function verifyAppJwt(
  jwt: string,
  appId: number,
  publicKey: KeyObject | string,
  nowMs: number,
): JwtCheck {
  const parts = jwt.split('.');
  if (parts.length !== 3) return { ok: false, message: 'A JSON web token could not be decoded' };
  const [header = '', payload = '', signature = ''] = parts;
  let claims: { iss?: unknown; iat?: unknown; exp?: unknown };
  let alg: unknown;
  try {
    alg = (JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown }).alg;
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims;
  } catch {
    return { ok: false, message: 'A JSON web token could not be decoded' };
  }
  if (alg !== 'RS256') return { ok: false, message: 'A JSON web token could not be decoded' };
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  const signed = verify(
    'sha256',
    Buffer.from(`${header}.${payload}`),
    key,
    Buffer.from(signature, 'base64url'),
  );
  if (!signed) return { ok: false, message: 'A JSON web token could not be decoded' };
  if (String(claims.iss) !== String(appId)) {
    return { ok: false, message: `'Issuer' claim ('iss') must be an Integer matching the App ID ${appId}` };
  }
  const now = Math.floor(nowMs / 1000);
  const iat = Number(claims.iat);
  const exp = Number(claims.exp);
  if (!Number.isFinite(iat) || iat > now + 60) {
    return {
      ok: false,
      message: "'Issued at' claim ('iat') must be an Integer representing a time in the past.",
    };
  }
  if (!Number.isFinite(exp) || exp <= now || exp - iat > maxLifetimeSeconds) {
    return { ok: false, message: "'Expiration time' claim ('exp') is too far in the future or has passed" };
  }
  return { ok: true };
}
