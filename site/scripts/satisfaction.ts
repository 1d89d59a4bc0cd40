// The survey page: reads `ref`, `rating` and `token` from the query string (the bot's redirect after it
// recorded the rating), says what was recorded, and sends the optional comment to the bot.
import { postToBot } from './bot.ts';

/** Wires the comment form of the survey page. */
export function initSatisfaction(form: HTMLFormElement): void {
  const strings = JSON.parse(form.dataset.strings ?? '{}') as Record<string, string>;
  const query = new URLSearchParams(location.search);
  const ref = query.get('ref') ?? '';
  const rating = query.get('rating') ?? '';
  const token = query.get('token') ?? '';
  const status = document.querySelector<HTMLElement>('[data-satisfaction-status]')!;
  const recorded = document.querySelector<HTMLElement>('[data-satisfaction-recorded]')!;
  const say = (text: string, kind: 'error' | 'info') => {
    status.textContent = text;
    status.className = `alert ${kind === 'error' ? 'error' : ''}`;
  };
  if (ref === '' || token === '' || (rating !== 'good' && rating !== 'bad')) {
    recorded.textContent = strings.missing ?? '';
    return;
  }
  recorded.textContent = (strings.recorded ?? '')
    .replace('{ref}', ref)
    .replace('{rating}', strings[rating] ?? rating);
  form.hidden = false;
  const comment = form.querySelector<HTMLTextAreaElement>('textarea[name="comment"]')!;
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = comment.value.trim();
    if (text === '') {
      say(strings.empty ?? '', 'error');
      comment.focus();
      return;
    }
    button.disabled = true;
    say(strings.sending ?? '', 'info');
    postToBot(`/api/satisfaction/${encodeURIComponent(ref)}`, { token, comment: text })
      .then((response) => {
        if (response.ok) {
          say(strings.sent ?? '', 'info');
          form.hidden = true;
          return;
        }
        button.disabled = false;
        say(
          response.status === 403 || response.status === 410 || response.status === 404
            ? (strings.unusable ?? '')
            : (strings.unreachable ?? ''),
          'error',
        );
      })
      .catch(() => {
        button.disabled = false;
        say(strings.unreachable ?? '', 'error');
      });
  });
}
