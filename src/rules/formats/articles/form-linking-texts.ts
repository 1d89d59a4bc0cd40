// The texts of a form that may link to articles, so that the articles check resolves those links too.
import type { RequestForm } from '../../types.ts';
import type { PathSegment } from '../../yaml-source.ts';
import type { LinkingText } from './check.ts';

/** The Markdown texts of a form (blocks, help texts, checkbox labels, and their translations), by path. */
export function formLinkingTexts(file: string, form: RequestForm): LinkingText[] {
  const texts: LinkingText[] = [];
  const add = (path: PathSegment[], text: string | undefined) => {
    if (text) texts.push({ file, path, text });
  };
  form.body.forEach((item, index) => {
    const base: PathSegment[] = ['body', index, 'attributes'];
    if (item.type === 'markdown') return add([...base, 'value'], item.attributes.value);
    add([...base, 'description'], item.attributes.description);
    if (item.type === 'checkboxes')
      item.attributes.options.forEach((option, i) => add([...base, 'options', i, 'label'], option.label));
  });
  for (const [lang, translation] of Object.entries(form.repodesk.translations)) {
    (translation.markdown ?? []).forEach((value, i) =>
      add(['repodesk', 'translations', lang, 'markdown', i], value),
    );
    for (const [id, field] of Object.entries(translation.body ?? {})) {
      const base: PathSegment[] = ['repodesk', 'translations', lang, 'body', id];
      add([...base, 'value'], field.value);
      add([...base, 'description'], field.description);
      (field.options ?? []).forEach((option, i) => add([...base, 'options', i], option));
    }
  }
  return texts;
}
