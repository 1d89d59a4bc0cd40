// The only way the site talks to the bot: JSON over fetch, never with cookies or credentials.
import type { FeedbackSignal } from '../../src/feedback/feedback-signal.ts';

/** The bot's base URL, written into the page at build time (`<html data-bot-url>`). */
export function botUrl(): string {
  return document.documentElement.dataset.botUrl ?? '';
}

/** POSTs JSON to the bot; resolves to the response, rejects when the bot cannot be reached. */
export function postToBot(path: string, body: unknown, keepalive = false): Promise<Response> {
  return fetch(`${botUrl()}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    credentials: 'omit',
    referrerPolicy: 'no-referrer',
    keepalive,
  });
}

/**
 * Sends a signal (article vote or comment, empty search, deflection) in the bot's own contract
 * (src/feedback/feedback-signal.ts); true when the bot took it.
 */
export async function sendFeedback(signal: FeedbackSignal): Promise<boolean> {
  try {
    const response = await postToBot('/api/feedback', signal, true);
    return response.ok;
  } catch {
    return false;
  }
}
