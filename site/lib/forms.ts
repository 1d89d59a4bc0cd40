// A request form as the page shows it in one language: the texts of the file, or its
// `repodesk.translations[lang]`, with every choice keeping its canonical value (the file's own wording)
// so that the bot and the routing rules see the same answers whatever the customer's language.
import type { FormItem, RequestForm } from '../../src/rules/types.ts';

export interface ShownOption {
  /** What is submitted: the option as written in the form file. */
  value: string;
  /** What the customer reads. */
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
  const items = form.body.map((item: FormItem, index): ShownItem => {
    const id = item.id ?? `markdown-${index}`;
    const text = item.id ? translation?.body?.[item.id] : undefined;
    if (item.type === 'markdown') return { type: 'markdown', id, value: text?.value ?? item.attributes.value };
    const attributes = item.attributes as {
      label: string;
      description?: string;
      placeholder?: string;
      value?: string;
      multiple?: boolean;
      default?: number;
      options?: (string | { label: string; required?: boolean })[];
    };
    const options = (attributes.options ?? []).map((option, i) => {
      const value = typeof option === 'string' ? option : option.label;
      return {
        value,
        label: text?.options?.[i] ?? value,
        required: typeof option === 'string' ? false : option.required === true,
      };
    });
    return {
      type: item.type,
      id,
      label: text?.label ?? attributes.label,
      description: text?.description ?? attributes.description ?? '',
      placeholder: text?.placeholder ?? attributes.placeholder ?? '',
      value: attributes.value ?? '',
      required: item.validations?.required === true,
      multiple: attributes.multiple === true,
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
