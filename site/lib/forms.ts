// A request form as the page shows it in one language: the texts of the file, or its
// `repodesk.translations[lang]`. Labels, options and required flags come from src/forms/field-texts.ts,
// the module the bot validates with, so the page offers exactly the options the schema accepts.
import { fieldTexts } from '../../src/forms/field-texts.ts';
import type { FormItem, RequestForm } from '../../src/rules/types.ts';

export interface ShownOption {
  /** What the customer reads and what is submitted (the schema takes options in the page's language). */
  label: string;
  required: boolean;
}

export type ShownItem =
  | { type: 'markdown'; id: string; value: string }
  | {
      type: 'input' | 'textarea' | 'dropdown' | 'checkboxes';
      id: string;
      label: string;
      description: string;
      placeholder: string;
      value: string;
      required: boolean;
      multiple: boolean;
      defaultIndex: number | undefined;
      options: ShownOption[];
    };

export interface ShownForm {
  name: string;
  description: string;
  items: ShownItem[];
}

/** The form's texts in `lang` (the file's texts when it has no translation for `lang`). */
export function localisedForm(form: RequestForm, lang: string): ShownForm {
  const translation = lang === form.repodesk.lang ? undefined : form.repodesk.translations[lang];
  const fields = new Map(fieldTexts(form, lang).map((field) => [field.id, field]));
  const items = form.body.map((item: FormItem, index): ShownItem => {
    const id = item.id ?? `markdown-${index}`;
    const text = item.id ? translation?.body?.[item.id] : undefined;
    if (item.type === 'markdown')
      return { type: 'markdown', id, value: text?.value ?? item.attributes.value };
    const attributes = item.attributes as {
      label: string;
      description?: string;
      placeholder?: string;
      value?: string;
      default?: number;
    };
    const field = fields.get(item.id);
    const options = (field?.options ?? []).map((label, i) => ({
      label,
      required: field?.requiredOptions[i] === true,
    }));
    return {
      type: item.type,
      id,
      label: field?.label ?? attributes.label,
      description: text?.description ?? attributes.description ?? '',
      placeholder: text?.placeholder ?? attributes.placeholder ?? '',
      value: attributes.value ?? '',
      required: field?.required === true,
      multiple: field?.multiple === true,
      defaultIndex: attributes.default,
      options,
    };
  });
  return {
    name: translation?.name ?? form.name,
    description: translation?.description ?? form.description,
    items,
  };
}
