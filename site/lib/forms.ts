// A request form as the page shows it in one language: the texts of the file, or its
// `repodesk.translations[lang]`. Labels, options and required flags come from src/forms/field-texts.ts,
// the module the bot validates with, so the page offers exactly the options the schema accepts. The file
// field shows the types and limits the bot applies to uploads.
import { fieldTexts } from '../../src/forms/field-texts.ts';
import { submissionLimits } from '../../src/forms/submission-schema.ts';
import { fileSize } from '../../src/forms/upload-texts.ts';
import { acceptedKindsText } from '../../src/intake/attachment-texts.ts';
import { allowedKinds, fileExtensionOf, mediaTypeOf } from '../../src/mail/attachments.ts';
import { loadMailConfig } from '../../src/config/mail-config.ts';
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
  // Markdown items have no id (GitHub forbids one): their translations are listed in body order.
  let markdownIndex = 0;
  const items = form.body.map((item: FormItem, index): ShownItem => {
    if (item.type === 'markdown') {
      const value = translation?.markdown?.[markdownIndex] ?? item.attributes.value;
      markdownIndex += 1;
      return { type: 'markdown', id: `markdown-${index}`, value };
    }
    const id = item.id;
    const text = translation?.body?.[item.id];
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

/** What the file field of a form shows and checks before uploading. */
export interface AttachmentField {
  /** The `accept` attribute: media types and extensions of every type the bot keeps. */
  accept: string;
  /** "image PNG, …, texte": the accepted types in words. */
  types: string;
  maxFiles: number;
  maxFileBytes: number;
  /** The per-file limit as people write it ("10 Mo"). */
  maxFileSize: string;
}

/**
 * The file field in `lang`, with the limits the bot applies: MAIL_ATTACHMENT_MAX_BYTES and
 * MAIL_ATTACHMENT_MAX_FILES, read from the build's environment as the bot reads them from its own (give
 * both the same values), and never more files than a submission may name.
 */
export function attachmentField(lang: string, env: NodeJS.ProcessEnv = process.env): AttachmentField {
  const { config, errors } = loadMailConfig(env);
  if (errors.length > 0) throw new Error(`site build: ${errors.join('; ')}`);
  const limits = config.attachmentLimits;
  const accept = new Set(allowedKinds.map((kind) => mediaTypeOf(kind).split(';')[0] ?? ''));
  for (const kind of allowedKinds) accept.add(`.${fileExtensionOf(kind)}`);
  // Logs are plain text under many names; the bot decides by content, this only guides the file chooser.
  for (const extension of ['.jpeg', '.log']) accept.add(extension);
  return {
    accept: [...accept].join(','),
    types: acceptedKindsText(lang),
    maxFiles: Math.min(limits.maxFiles, submissionLimits.attachments),
    maxFileBytes: limits.maxFileBytes,
    maxFileSize: fileSize(limits.maxFileBytes, lang),
  };
}
