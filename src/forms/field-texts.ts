// The texts of a form's fields in one language: the file's own texts, overlaid with `repodesk.translations`.
// Shared by the submission schema (dropdown options), the error messages (labels) and the issue body.

import type { FormItem, Lang, RequestForm } from '../rules/types.ts';

/** One answerable field of a form (markdown items excluded), with its texts in the requested language. */
export interface FieldTexts {
  id: string;
  type: 'input' | 'textarea' | 'dropdown' | 'checkboxes';
  label: string;
  required: boolean;
  /** Dropdown options or checkbox labels in the requested language (same order as the file). */
  options: string[];
  /** The same options in the form file's own language: what routing rules and agents see. */
  canonicalOptions: string[];
  /** Checkbox options that must be ticked. */
  requiredOptions: boolean[];
  multiple: boolean;
}

type AnswerableItem = Exclude<FormItem, { type: 'markdown' }>;

function isAnswerable(item: FormItem): item is AnswerableItem {
  return item.type !== 'markdown';
}

/** The answerable fields of `form` in form order, labelled in `lang` (falling back to the file's texts). */
export function fieldTexts(form: RequestForm, lang: Lang): FieldTexts[] {
  const translation = lang === form.repodesk.lang ? undefined : form.repodesk.translations[lang]?.body;
  return form.body.filter(isAnswerable).map((item) => {
    const overlay = translation?.[item.id];
    const canonicalOptions =
      item.type === 'dropdown'
        ? item.attributes.options
        : item.type === 'checkboxes'
          ? item.attributes.options.map((option) => option.label)
          : [];
    const translatedOptions = overlay?.options;
    const options =
      translatedOptions && translatedOptions.length === canonicalOptions.length
        ? translatedOptions
        : canonicalOptions;
    return {
      id: item.id,
      type: item.type,
      label: overlay?.label ?? item.attributes.label,
      required: item.validations?.required === true,
      options,
      canonicalOptions,
      requiredOptions:
        item.type === 'checkboxes' ? item.attributes.options.map((option) => option.required === true) : [],
      multiple: item.type === 'dropdown' && item.attributes.multiple === true,
    };
  });
}
