// The "follow my request" page: reads `ref` and `token` from the query string (the acknowledgement's
// link) or from the form, and shows what `GET /api/requests/{ref}?token=…` returns.
import { botUrl } from './bot.ts';

interface RequestStatus {
  ref: string;
  status: string;
  statusName: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  /** Public thread; `author` is the agent's name (or the desk's, when agents stay anonymous). */
  messages: { from: 'customer' | 'agent'; author?: string; at: string; text: string }[];
}

/** Wires the follow form and loads the request named in the URL, if any. */
export function initFollow(form: HTMLFormElement): void {
  const lang = document.documentElement.lang;
  const strings = JSON.parse(form.dataset.strings ?? '{}') as Record<string, string>;
  const status = document.querySelector<HTMLElement>('[data-follow-status]')!;
  const result = document.querySelector<HTMLElement>('[data-follow-result]')!;
  const refInput = form.querySelector<HTMLInputElement>('input[name="ref"]')!;
  const tokenInput = form.querySelector<HTMLInputElement>('input[name="token"]')!;
  const when = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeStyle: 'short' });
  const set = (selector: string, text: string) => {
    result.querySelector<HTMLElement>(selector)!.textContent = text;
  };

  const say = (text: string, kind: 'error' | 'info') => {
    status.textContent = text;
    status.className = `alert ${kind === 'error' ? 'error' : ''}`;
  };

  async function load(ref: string, token: string): Promise<void> {
    say(strings.loading ?? '', 'info');
    result.hidden = true;
    let response: Response;
    try {
      response = await fetch(
        `${botUrl()}/api/requests/${encodeURIComponent(ref)}?token=${encodeURIComponent(token)}`,
        {
          credentials: 'omit',
          referrerPolicy: 'no-referrer',
          headers: { accept: 'application/json' },
        },
      );
    } catch {
      say(strings.unreachable ?? '', 'error');
      return;
    }
    if (!response.ok) {
      say(
        response.status === 404 || response.status === 403 || response.status === 401
          ? (strings.notFound ?? '')
          : (strings.unreachable ?? ''),
        'error',
      );
      return;
    }
    const request = (await response.json()) as RequestStatus;
    status.textContent = '';
    status.className = 'alert';
    set('[data-title]', request.title);
    set('[data-ref]', request.ref);
    set('[data-status]', request.statusName);
    set('[data-created]', when.format(new Date(request.createdAt)));
    set('[data-updated]', when.format(new Date(request.updatedAt)));
    const thread = result.querySelector<HTMLOListElement>('[data-thread]')!;
    thread.replaceChildren(
      ...request.messages.map((message) => {
        const item = document.createElement('li');
        item.className = message.from;
        const who = document.createElement('span');
        who.className = 'who';
        const name = message.from === 'agent' ? message.author || strings.agent : strings.you;
        who.textContent = `${name} · ${when.format(new Date(message.at))}`;
        item.append(who, message.text);
        return item;
      }),
    );
    if (request.messages.length === 0) {
      const empty = document.createElement('li');
      empty.textContent = strings.noMessages ?? '';
      thread.append(empty);
    }
    result.hidden = false;
    // On a phone the request would start below the fold, under the form the customer did not need.
    if (result.getBoundingClientRect().top > window.innerHeight * 0.6)
      result.scrollIntoView({ block: 'start' });
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const url = new URL(location.href);
    url.searchParams.set('ref', refInput.value.trim());
    url.searchParams.set('token', tokenInput.value.trim());
    history.replaceState(null, '', url);
    void load(refInput.value.trim(), tokenInput.value.trim());
  });

  const params = new URLSearchParams(location.search);
  refInput.value = params.get('ref') ?? '';
  tokenInput.value = params.get('token') ?? '';
  if (refInput.value && tokenInput.value) void load(refInput.value, tokenInput.value);
}
