// The only way the site talks to the bot: JSON over fetch, never with cookies or credentials.

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

/** Sends a feedback event (article vote, empty search, deflection); true when the bot took it. */
export async function sendFeedback(event: Record<string, unknown>): Promise<boolean> {
  try {
    const response = await postToBot('/api/feedback', event, true);
    return response.ok;
  } catch {
    return false;
  }
}
