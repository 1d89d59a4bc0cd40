// What the assistant (site/scripts/assistant.ts) offers to choose from, written at build time into
// /<lang>/assistant/choices.json, which only the assistant's page loads: the desk's categories in its
// order, each with its name as the search index's `category` filter holds it, and the request forms of
// that category with what pre-filling them needs (the ids of their subject and description fields, and
// their first single-choice menu, the assistant's second question); and
// which words of the customer's sentence to search for (site/scripts/sentence-words.ts).
import { suggestionMinWordLength, suggestionStopWords } from '../../src/kb/suggest-articles.ts';
import type { CategorySetting, RequestForm } from '../../src/rules/types.ts';
import type { WordRules } from '../scripts/sentence-words.ts';
import { localisedForm } from './forms.ts';
import { localised } from './rules.ts';
import { urls } from './urls.ts';

export interface AssistantForm {
  id: string;
  name: string;
  description: string;
  url: string;
  subjectField: string;
  descriptionField: string;
  /** The form's first single-choice menu, asked before the form opens (its answer pre-selected there). */
  question?: { field: string; label: string; options: string[] };
}

export interface AssistantCategory {
  id: string;
  /** In the page's language: what the search index's `category` filter holds. */
  name: string;
  forms: AssistantForm[];
}

export interface AssistantChoices {
  categories: AssistantCategory[];
  /** Every form, for a problem in no category. */
  forms: AssistantForm[];
  /** The stop words and minimum length of the suggestions' words (src/kb/suggest-articles.ts). */
  words: WordRules;
}

/** The assistant's choices in `lang`. */
export function assistantChoices(
  lang: string,
  categoryList: readonly CategorySetting[],
  forms: Readonly<Record<string, RequestForm>>,
): AssistantChoices {
  const ordered = Object.entries(forms).sort(
    ([idA, a], [idB, b]) => a.repodesk.order - b.repodesk.order || idA.localeCompare(idB),
  );
  const shown = (id: string, form: RequestForm): AssistantForm => {
    const texts = localisedForm(form, lang);
    const menu = texts.items.find((item) => item.type === 'dropdown' && !item.multiple);
    return {
      id,
      name: texts.name,
      description: texts.description,
      url: urls.form(lang, id),
      subjectField: form.repodesk.subjectField,
      descriptionField: form.repodesk.descriptionField,
      ...(menu && menu.type === 'dropdown'
        ? {
            question: {
              field: menu.id,
              label: menu.label,
              options: menu.options.map((option) => option.label),
            },
          }
        : {}),
    };
  };
  return {
    categories: categoryList.map((category) => ({
      id: category.id,
      name: localised(category.name, lang),
      forms: ordered
        .filter(([, form]) => form.repodesk.category === category.id)
        .map(([id, form]) => shown(id, form)),
    })),
    forms: ordered.map(([id, form]) => shown(id, form)),
    words: { stopWords: [...suggestionStopWords], minLength: suggestionMinWordLength },
  };
}
