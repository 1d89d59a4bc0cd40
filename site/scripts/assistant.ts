// The guided assistant in the browser (site/pages/[lang]/assistant/): a sentence, a choice of area, the
// best articles from the site's own Pagefind index (best-articles.ts, as the request form suggests them),
// then either an article with "did this solve it?" or the right request form, opened with the sentence
// already in its subject and description (in the address's fragment, which no server sees). Nothing goes
// to the bot but the outcome, as a feedback signal (src/feedback/feedback-signal.ts): `deflected` with the
// article's slug, `escalated` with the form's id. Each step's heading takes the focus when it is shown,
// and counts are read out by a live region.
import type { AssistantCategory, AssistantChoices, AssistantForm } from '../lib/assistant-choices.ts';
import { bestArticles } from './best-articles.ts';
import { sendFeedback } from './bot.ts';
import { loadPagefind, renderExcerpt, type PagefindResultData } from './pagefind.ts';
import { sentenceWords } from './sentence-words.ts';

interface AssistantStrings {
  describeEmpty: string;
  loading: string;
  unavailable: string;
  otherCategory: string;
  found: string;
  none: string;
}

type Step = 'describe' | 'choose' | 'articles' | 'article' | 'solved' | 'request';

const ARTICLE_COUNT = 5;
/** Characters of an article's text shown in the assistant before "read the full article". */
const TEXT_CHARS = 600;

/** Picks `one|many` with the page language's plural rule and fills `{n}`. */
function plural(text: string, n: number, lang: string): string {
  const [one = text, many = text] = text.split('|');
  return (new Intl.PluralRules(lang).select(n) === 'one' ? one : many).replace('{n}', String(n));
}

/** The article's slug from its address (`/fr/articles/<slug>/`). */
function slugOf(url: string): string {
  return url.split('/').filter(Boolean).pop() ?? url;
}

/** Wires the assistant in `root` (`[data-assistant]`). */
export function initAssistant(root: HTMLElement): void {
  const lang = document.documentElement.lang;
  const strings = JSON.parse(root.dataset.strings ?? '{}') as AssistantStrings;
  const section = (step: Step) => root.querySelector<HTMLElement>(`[data-step="${step}"]`)!;
  const describeForm = root.querySelector<HTMLFormElement>('form[data-describe]')!;
  const problem = describeForm.querySelector<HTMLInputElement>('input')!;
  const problemError = root.querySelector<HTMLElement>('#assistant-problem-error')!;
  const chooseForm = root.querySelector<HTMLFormElement>('form[data-choose]')!;
  const categoryBox = root.querySelector<HTMLElement>('[data-categories]')!;
  const articleStatus = root.querySelector<HTMLElement>('[data-articles-status]')!;
  const articleList = root.querySelector<HTMLUListElement>('[data-articles]')!;
  const articleTitle = root.querySelector<HTMLElement>('[data-article-title]')!;
  const articleText = root.querySelector<HTMLElement>('[data-article-text]')!;
  const articleLink = root.querySelector<HTMLAnchorElement>('[data-article-link]')!;
  const formList = root.querySelector<HTMLUListElement>('[data-forms]')!;
  const formQuestion = root.querySelector<HTMLFieldSetElement>('[data-form-question]')!;
  let choices: Promise<AssistantChoices> | undefined;
  let sentence = '';
  let category: AssistantCategory | undefined;
  let article: PagefindResultData | undefined;
  /** The steps shown so far, for "back". */
  const trail: Step[] = ['describe'];
  let generation = 0;

  const loadChoices = () => {
    choices ??= fetch(root.dataset.choices ?? '').then((response) => {
      if (!response.ok) throw new Error(`${response.status}`);
      return response.json() as Promise<AssistantChoices>;
    });
    choices.catch(() => (choices = undefined));
    return choices;
  };

  function show(step: Step, remember = true): void {
    for (const element of root.querySelectorAll<HTMLElement>('[data-step]'))
      element.hidden = element.dataset.step !== step;
    if (remember && trail.at(-1) !== step) trail.push(step);
    section(step).querySelector<HTMLElement>('h2')?.focus();
  }

  function back(): void {
    trail.pop();
    show(trail.at(-1) ?? 'describe', false);
  }

  function restart(): void {
    trail.splice(0, trail.length, 'describe');
    problem.value = '';
    category = undefined;
    article = undefined;
    show('describe', false);
  }

  /** The categories as radio buttons, with "something else" last. */
  function renderCategories(list: readonly AssistantCategory[]): void {
    const options = [...list.map((entry) => [entry.id, entry.name]), ['', strings.otherCategory]];
    categoryBox.replaceChildren(
      ...options.map(([id = '', name = '']) => {
        const label = document.createElement('label');
        label.className = 'choice';
        const input = document.createElement('input');
        input.type = 'radio';
        input.name = 'category';
        input.value = id;
        input.checked = id === (category?.id ?? '');
        const text = document.createElement('span');
        text.textContent = name;
        label.append(input, text);
        return label;
      }),
    );
  }

  function articleButton(found: PagefindResultData): HTMLLIElement {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    const title = document.createElement('span');
    title.className = 'result-title';
    title.textContent = found.meta.title ?? found.url;
    const excerpt = document.createElement('span');
    excerpt.className = 'result-excerpt';
    renderExcerpt(excerpt, found.excerpt);
    button.append(title, excerpt);
    button.addEventListener('click', () => openArticle(found));
    item.append(button);
    return item;
  }

  async function showArticles(): Promise<void> {
    const mine = ++generation;
    articleList.replaceChildren();
    articleStatus.textContent = strings.loading;
    show('articles');
    let found: PagefindResultData[];
    try {
      const { words } = await loadChoices();
      found = await bestArticles(
        sentenceWords(sentence, lang, words),
        ARTICLE_COUNT,
        category ? { category: category.name } : undefined,
      );
    } catch {
      if (mine === generation) articleStatus.textContent = strings.unavailable;
      return;
    }
    if (mine !== generation) return;
    articleList.replaceChildren(...found.map(articleButton));
    articleStatus.textContent = found.length === 0 ? strings.none : plural(strings.found, found.length, lang);
  }

  function openArticle(found: PagefindResultData): void {
    article = found;
    articleTitle.textContent = found.meta.title ?? found.url;
    const text = found.content ?? '';
    articleText.textContent = text.length > TEXT_CHARS ? `${text.slice(0, TEXT_CHARS).trimEnd()}…` : text;
    articleLink.href = found.url;
    show('article');
  }

  /** The form's address with what the customer said, and the answer to its question, in the fragment. */
  function formAddress(form: AssistantForm): string {
    const fill = new URLSearchParams({ [form.subjectField]: sentence });
    if (form.descriptionField !== form.subjectField) fill.set(form.descriptionField, sentence);
    const answer = formQuestion.querySelector<HTMLInputElement>('input:checked')?.value;
    if (form.question && answer) fill.set(form.question.field, answer);
    return `${form.url}#${fill.toString()}`;
  }

  function formCard(form: AssistantForm): HTMLLIElement {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.className = 'card';
    link.href = formAddress(form);
    const name = document.createElement('strong');
    name.textContent = form.name;
    const description = document.createElement('p');
    description.textContent = form.description;
    link.append(name, description);
    link.addEventListener('click', () => {
      void sendFeedback({ kind: 'assistant', outcome: 'escalated', form: form.id, lang });
    });
    item.append(link);
    return item;
  }

  /** One form to open: its first menu is the second question, answered here and pre-selected there. */
  function askFormQuestion(form: AssistantForm | undefined): void {
    const question = form?.question;
    formQuestion.hidden = !question;
    const [legend, box] = [formQuestion.querySelector('legend')!, formQuestion.querySelector('div')!];
    legend.textContent = question?.label ?? '';
    box.replaceChildren(
      ...(question?.options ?? []).map((option) => {
        const label = document.createElement('label');
        label.className = 'choice';
        const input = document.createElement('input');
        input.type = 'radio';
        input.name = 'form-question';
        input.value = option;
        input.addEventListener('change', () => {
          const link = formList.querySelector<HTMLAnchorElement>('a');
          if (link && form) link.href = formAddress(form);
        });
        const text = document.createElement('span');
        text.textContent = option;
        label.append(input, text);
        return label;
      }),
    );
  }

  async function showRequest(): Promise<void> {
    const all = await loadChoices().catch(() => undefined);
    const forms = category && category.forms.length > 0 ? category.forms : (all?.forms ?? []);
    askFormQuestion(forms.length === 1 ? forms[0] : undefined);
    formList.replaceChildren(...forms.map(formCard));
    show('request');
  }

  describeForm.addEventListener('submit', (event) => {
    event.preventDefault();
    sentence = problem.value.trim();
    if (!sentence) {
      problemError.textContent = strings.describeEmpty;
      problem.setAttribute('aria-invalid', 'true');
      problem.focus();
      return;
    }
    problemError.textContent = '';
    problem.removeAttribute('aria-invalid');
    void loadChoices().then(
      ({ categories }) => {
        // One area or none: nothing to ask.
        if (categories.length < 2) {
          category = categories[0];
          void showArticles();
          return;
        }
        renderCategories(categories);
        show('choose');
      },
      () => void showArticles(),
    );
  });

  chooseForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = new FormData(chooseForm).get('category');
    void loadChoices().then(({ categories }) => {
      category = categories.find((entry) => entry.id === chosen);
      void showArticles();
    });
  });

  for (const button of root.querySelectorAll<HTMLButtonElement>('[data-solved]')) {
    button.addEventListener('click', () => {
      if (button.dataset.solved === 'yes' && article) {
        void sendFeedback({ kind: 'assistant', outcome: 'deflected', article: slugOf(article.url), lang });
        show('solved');
      } else {
        void showRequest();
      }
    });
  }
  root.querySelector('[data-none-fits]')?.addEventListener('click', () => void showRequest());
  for (const button of root.querySelectorAll('[data-back]')) button.addEventListener('click', back);
  for (const button of root.querySelectorAll('[data-restart]')) button.addEventListener('click', restart);
  // The index is wanted as soon as the customer starts typing.
  problem.addEventListener('focus', () => void loadPagefind().catch(() => undefined), { once: true });
}
