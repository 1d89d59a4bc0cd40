// The `<title>` of a page: its own title, then the desk's name (the desk's name alone on a page titled so).

/** The text of the page's `<title>`. */
export function pageTitle(title: string, deskName: string): string {
  return title === deskName ? deskName : `${title} · ${deskName}`;
}
