// The request form in the browser: validates with the bot's own schema (compiled at build time) and
// error messages (src/forms/submission-errors.ts), suggests articles while the customer types, uploads
// chosen files at once (form-attachments.ts, loaded only by forms with a file field), and submits once per
// form view (one idempotency key, button disabled while sending; uploads finish first). When the bot asks
// for a proof of work (only error `altcha`), it is solved (altcha-solver.ts, loaded then) and the same
// submission sent again.
import { validators } from 'virtual:repodesk/validators';
import type { SchemaError, SubmissionError } from '../../src/forms/submission-errors.ts';
import type { Submission } from '../../src/forms/submission-schema.ts';
import { suggestionWords } from '../../src/kb/suggest-articles.ts';
import type { RequestForm } from '../../src/rules/types.ts';
import { postToBot, sendFeedback } from './bot.ts';
import type { AttachmentField } from './form-attachments.ts';
import { loadPagefind, searchPagefind, type PagefindResultData } from './pagefind.ts';

interface FormStrings {
  sending: string;
  errorsTitle: string;
  tooLarge: string;
  tooMany: string;
  unreachable: string;
  solvedThanks: string;
  solved: string;
  newTab: string;
  uploading: string;
  uploaded: string;
  uploadFailed: string;
  remove: string;
  waitingForFiles: string;
  antiRobot: string;
  antiRobotFailed: string;
}

type Validate = ((data: unknown) => boolean) & { errors?: SchemaError[] | null };

const SUGGEST_DEBOUNCE_MS = 350;
const SUGGESTION_COUNT = 4;

/** A key that identifies this form view: the same key twice is the same request for the bot. */
function newIdempotencyKey(): string {
  return crypto.randomUUID().replaceAll('-', '');
}

/** "30 secondes", "2 minutes": a Retry-After delay as a person says it. */
function waitText(seconds: number, lang: string): string {
  const minutes = Math.ceil(seconds / 60);
  return seconds < 90
    ? new Intl.NumberFormat(lang, { style: 'unit', unit: 'second', unitDisplay: 'long' }).format(
        Math.max(1, seconds),
      )
    : new Intl.NumberFormat(lang, { style: 'unit', unit: 'minute', unitDisplay: 'long' }).format(minutes);
}

/** Wires the request form of the page. */
export function initRequestForm(form: HTMLFormElement): void {
  const lang = document.documentElement.lang;
  const formId = form.dataset.formId ?? '';
  const strings = JSON.parse(form.dataset.strings ?? '{}') as FormStrings;
  const definition = JSON.parse(
    document.getElementById('form-definition')?.textContent ?? '{}',
  ) as RequestForm;
  const summary = form.querySelector<HTMLElement>('#form-errors')!;
  const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
  const submitLabel = submit.textContent ?? '';
  const status = form.querySelector<HTMLElement>('[data-form-status]');
  const fileBox = form.querySelector<HTMLElement>('[data-attachments]');
  // If the upload code cannot load, the field stays hidden and the form still sends, without files.
  const attachments: Promise<AttachmentField | undefined> | undefined = fileBox
    ? import('./form-attachments.ts')
        .then(({ initAttachments }) => initAttachments(fileBox, lang, strings))
        .catch(() => undefined)
    : undefined;
  const startedAt = Date.now();
  const idempotencyKey = newIdempotencyKey();
  let sending = false;

  const fieldBox = (field: string) => form.querySelector<HTMLElement>(`[data-field="${CSS.escape(field)}"]`);

  /** Says what the form is waiting for, on the button and to screen readers. */
  function busy(text: string): void {
    submit.textContent = text;
    if (status) status.textContent = text;
  }

  function collect(files: AttachmentField | undefined): Submission {
    const data = new FormData(form);
    const requester: Submission['requester'] = {};
    for (const key of ['name', 'email', 'organisation', 'phone'] as const) {
      const value = data.get(`requester.${key}`);
      if (typeof value === 'string' && value.trim() !== '') requester[key] = value.trim();
    }
    const fields: Submission['fields'] = {};
    for (const box of form.querySelectorAll<HTMLElement>('[data-field][data-kind]')) {
      const id = box.dataset.field ?? '';
      const kind = box.dataset.kind;
      if (kind === 'checkboxes') {
        fields[id] = [...box.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')].map(
          (input) => input.checked,
        );
      } else if (kind === 'multiple') {
        const chosen = [...box.querySelectorAll<HTMLInputElement>('input[type="checkbox"]:checked')].map(
          (input) => input.value,
        );
        if (chosen.length > 0 || box.dataset.required === 'true') fields[id] = chosen;
      } else {
        const value = data.get(id);
        if (typeof value === 'string' && value.trim() !== '') fields[id] = value;
      }
    }
    const chosen = files?.files() ?? [];
    return {
      form: formId,
      lang,
      requester,
      fields,
      idempotencyKey,
      website: String(data.get('website') ?? ''),
      startedAt,
      ...(chosen.length > 0 ? { attachments: chosen } : {}),
    };
  }

  function clearErrors(): void {
    summary.replaceChildren();
    for (const error of form.querySelectorAll<HTMLElement>('.field .error')) error.textContent = '';
    for (const invalid of form.querySelectorAll('[aria-invalid]')) invalid.removeAttribute('aria-invalid');
  }

  function showErrors(errors: SubmissionError[], files?: AttachmentField): void {
    clearErrors();
    // A problem with one file is shown on that file's row as well.
    for (const error of errors) if (error.file) files?.markError(error.file, error.message);
    const title = document.createElement('p');
    title.textContent = strings.errorsTitle;
    const list = document.createElement('ul');
    let first: HTMLElement | null = null;
    for (const error of errors) {
      const box = fieldBox(error.field);
      const item = document.createElement('li');
      const control = box?.querySelector<HTMLElement>('input, textarea, select') ?? null;
      if (box && control) {
        const message = box.querySelector<HTMLElement>(':scope > .error');
        if (message)
          message.textContent = message.textContent
            ? `${message.textContent} ${error.message}`
            : error.message;
        for (const input of box.querySelectorAll('input, textarea, select'))
          input.setAttribute('aria-invalid', 'true');
        if (box.tagName === 'FIELDSET') box.setAttribute('aria-invalid', 'true');
        const link = document.createElement('a');
        link.href = `#${control.id || box.querySelector('input')?.id || ''}`;
        link.textContent = error.message;
        link.addEventListener('click', (event) => {
          event.preventDefault();
          control.focus();
        });
        item.append(link);
        first ??= control;
      } else {
        item.textContent = error.message;
      }
      list.append(item);
    }
    summary.append(title, list);
    (first ?? summary).focus();
  }

  function showAlert(message: string): void {
    clearErrors();
    summary.textContent = message;
    summary.focus();
  }

  async function validate(submission: Submission): Promise<SubmissionError[]> {
    const load = validators[`${formId}/${lang}` as keyof typeof validators] as
      (() => Promise<{ default: Validate }>) | undefined;
    if (!load) return [];
    // The messages load with the validator, on the first submit: not in the page's initial script.
    const [{ default: check }, { submissionErrors }] = await Promise.all([
      load(),
      import('../../src/forms/submission-errors.ts'),
    ]);
    if (check(submission)) return [];
    return submissionErrors(check.errors ?? [], definition, lang, formId, submission);
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (sending) return;
    sending = true;
    submit.disabled = true;
    busy(strings.sending);
    void send().finally(() => {
      sending = false;
      submit.disabled = false;
      submit.textContent = submitLabel;
      if (status) status.textContent = '';
    });
  });

  async function send(): Promise<void> {
    const files = await attachments;
    if (files) {
      busy(strings.waitingForFiles);
      await files.settled();
      busy(strings.sending);
    }
    const submission = collect(files);
    const problems = await validate(submission);
    if (problems.length > 0) {
      showErrors(problems, files);
      return;
    }
    let response: Response;
    try {
      response = await postToBot('/api/requests', submission);
      if (
        response.status === 422 &&
        onlyAltcha(
          await response
            .clone()
            .json()
            .catch(() => ({})),
        )
      ) {
        busy(strings.antiRobot);
        const { solveAltcha } = await import('./altcha-solver.ts');
        const altcha = await solveAltcha().catch(() => undefined);
        if (!altcha) {
          showAlert(strings.antiRobotFailed);
          return;
        }
        busy(strings.sending);
        // The same submission, same idempotency key: a double click during the check is still one request.
        response = await postToBot('/api/requests', { ...submission, altcha });
      }
    } catch {
      showAlert(strings.unreachable);
      return;
    }
    if (response.status === 202 || response.ok) {
      const { ref, statusUrl } = (await response.json()) as { ref: string; statusUrl?: string };
      const next = new URL(form.dataset.sentUrl ?? '', location.href);
      next.searchParams.set('ref', ref);
      if (statusUrl) next.searchParams.set('statusUrl', statusUrl);
      location.assign(next);
      return;
    }
    if (response.status === 422) {
      const body = (await response.json().catch(() => ({}))) as { errors?: SubmissionError[] };
      showErrors(body.errors ?? [], files);
    } else if (response.status === 413) {
      showAlert(strings.tooLarge);
    } else if (response.status === 429) {
      const seconds = Number(response.headers.get('retry-after')) || 60;
      showAlert(strings.tooMany.replace('{wait}', waitText(seconds, lang)));
    } else {
      showAlert(strings.unreachable);
    }
  }

  prefillFromAddress(form);
  initSuggestions(form, formId, lang, strings);
}

/** True when the bot's 422 asks only for the proof of work (REQUIRE_ALTCHA). */
function onlyAltcha(body: unknown): boolean {
  const errors = (body as { errors?: { field?: string }[] } | null)?.errors;
  return Array.isArray(errors) && errors.length > 0 && errors.every((error) => error.field === 'altcha');
}

/**
 * Fills the form's own fields from the address's fragment, `#subject=…&description=…`, as the assistant
 * opens it (site/scripts/assistant.ts): a text field takes the text, a menu the option of that label;
 * anything else is left alone. The fragment never reaches the web server, and it is removed from the
 * address once read, so what the customer wrote stays out of the history.
 */
function prefillFromAddress(form: HTMLFormElement): void {
  if (location.hash.length < 2) return;
  let filled = false;
  for (const [name, value] of new URLSearchParams(location.hash.slice(1))) {
    const box = form.querySelector<HTMLElement>(`[data-field="${CSS.escape(name)}"][data-kind]`);
    const field = box?.querySelector<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(
      'input[type="text"], textarea, select',
    );
    if (!field || field.value !== '') continue;
    if (field instanceof HTMLSelectElement && ![...field.options].some((option) => option.value === value))
      continue;
    field.value = value;
    filled = true;
  }
  if (filled) history.replaceState(history.state, '', location.pathname + location.search);
}

/** Article suggestions from the subject and description, with "this solved my problem". */
function initSuggestions(form: HTMLFormElement, formId: string, lang: string, strings: FormStrings): void {
  const box = form.querySelector<HTMLElement>('[data-suggestions]');
  const sources = (form.dataset.suggestFrom ?? '')
    .split(' ')
    .map((id) => form.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[name="${CSS.escape(id)}"]`))
    .filter((input): input is HTMLInputElement | HTMLTextAreaElement => input !== null);
  if (!box || sources.length === 0) return;
  const list = box.querySelector('ul')!;
  const status = box.querySelector<HTMLElement>('[role="status"]')!;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;
  let lastQuery = '';

  async function suggest(): Promise<void> {
    const text = sources.map((input) => input.value).join(' ');
    // The same words as the acknowledgement mail's suggestions (src/kb/suggest-articles.ts).
    const words = suggestionWords(text, lang);
    const query = words.join(' ');
    if (query === lastQuery) return;
    lastQuery = query;
    const mine = ++generation;
    if (!query) {
      box!.hidden = true;
      return;
    }
    // Every word must match in one Pagefind query: score each word alone and add the scores up.
    // An article that matches more of the customer's words comes first; Pagefind's score breaks ties.
    const scores = new Map<
      string,
      { words: number; score: number; load: () => Promise<PagefindResultData> }
    >();
    const searches = await Promise.all(words.map((word) => searchPagefind(word))).catch(() => undefined);
    if (!searches || mine !== generation) return;
    for (const search of searches) {
      for (const result of search.results.slice(0, 20)) {
        const seen = scores.get(result.id);
        scores.set(result.id, {
          words: (seen?.words ?? 0) + 1,
          score: (seen?.score ?? 0) + result.score,
          load: () => result.data(),
        });
      }
    }
    const best = [...scores.values()]
      .sort((a, b) => b.words - a.words || b.score - a.score)
      .slice(0, SUGGESTION_COUNT);
    const found = await Promise.all(best.map((entry) => entry.load())).catch(() => undefined);
    if (!found || mine !== generation) return;
    list.replaceChildren(...found.map((article) => suggestion(article)));
    box!.hidden = found.length === 0;
  }

  function suggestion(article: PagefindResultData): HTMLLIElement {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = article.url;
    link.target = '_blank';
    link.rel = 'noopener';
    link.textContent = article.meta.title ?? article.url;
    const hint = document.createElement('span');
    hint.className = 'visually-hidden';
    hint.textContent = ` ${strings.newTab}`;
    link.append(hint);
    const solved = document.createElement('button');
    solved.type = 'button';
    solved.className = 'button secondary';
    solved.textContent = strings.solved;
    solved.addEventListener('click', () => {
      const slug = article.url.split('/').filter(Boolean).pop() ?? article.url;
      void sendFeedback({ kind: 'deflection', form: formId, article: slug, lang });
      status.textContent = strings.solvedThanks;
      solved.disabled = true;
    });
    item.append(link, solved);
    return item;
  }

  for (const input of sources) {
    input.addEventListener('focus', () => void loadPagefind().catch(() => undefined), { once: true });
    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => void suggest(), SUGGEST_DEBOUNCE_MS);
    });
  }
}
