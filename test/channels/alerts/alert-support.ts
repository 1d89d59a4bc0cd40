// What the alert tests share: the three endpoints' tokens, the documented payload examples, and a POST.
import fs from 'node:fs';
import path from 'node:path';

export const alertTokens = {
  alertmanager: 'alertmanager-token-0123456789',
  grafana: 'grafana-token-0123456789abcdef',
  generic: 'generic-token-0123456789abcdef',
} as const;

/** A payload example of test/fixtures/payloads/alerts/ (written from each format's documentation). */
export function alertPayload(name: string): Record<string, unknown> {
  const file = path.resolve(import.meta.dirname, '../../fixtures/payloads/alerts', `${name}.json`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

/** POSTs `body` to `/api/alerts/<format>` with that endpoint's token (or `token`). */
export function postAlert(
  url: string,
  format: keyof typeof alertTokens,
  body: unknown,
  token: string | null = alertTokens[format],
): Promise<Response> {
  return fetch(`${url}/api/alerts/${format}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** A generic alert of `fingerprint`, firing (started at `startsAt`) or resolved. */
export function genericAlert(
  fingerprint: string,
  status: 'firing' | 'resolved',
  startsAt: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    source: 'uptime-kuma',
    fingerprint,
    status,
    severity: 'warning',
    summary: `Check ${fingerprint} failing`,
    startsAt,
    ...extra,
  };
}
