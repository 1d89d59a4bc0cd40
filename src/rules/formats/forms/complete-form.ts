// A form file's `repodesk:` completed from desk.yaml: the category and the language default to the
// desk's first, and the ticket type comes from GitHub's `type` where it names a desk type. Pure.
import type { DeskSettings, FormFile, RequestForm } from '../../types.ts';

/** The ticket type of desk.yaml that GitHub's issue `type` names (by id or by name, any case). */
function typeNamed(issueType: string | undefined, desk: DeskSettings | undefined): string | undefined {
  if (issueType === undefined || desk === undefined) return undefined;
  const wanted = issueType.trim().toLowerCase();
  return desk.types.find(
    (type) =>
      type.id.toLowerCase() === wanted ||
      Object.values(type.name).some((name) => name.toLowerCase() === wanted),
  )?.id;
}

/** `file` with desk.yaml's defaults; without a desk (it failed), empty texts stand in. */
export function completeForm(file: FormFile, desk: DeskSettings | undefined): RequestForm {
  const ext = file.repodesk;
  const type = ext.type ?? typeNamed(file.type, desk);
  return {
    ...file,
    repodesk: {
      ...ext,
      category: ext.category ?? desk?.categories[0]?.id ?? '',
      lang: ext.lang ?? desk?.languages[0] ?? '',
      ...(type === undefined ? {} : { type }),
    },
  };
}
