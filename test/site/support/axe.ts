// axe-core in the page under test (WCAG 2.0 to 2.2, levels A and AA, and axe's best practices), for
// checks of states a page reaches only after the customer acts (files listed, errors shown).
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

const axePath = fileURLToPath(import.meta.resolve('axe-core/axe.min.js'));
const ruleTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Every axe violation on the page as it is now, whatever its impact, as readable lines. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  const found = await page.evaluate(async (tags) => {
    const axe = (
      window as unknown as {
        axe: {
          run: (context: Document, options: { runOnly: string[] }) => Promise<{ violations: unknown[] }>;
        };
      }
    ).axe;
    return (await axe.run(document, { runOnly: tags })).violations;
  }, ruleTags);
  return (found as Violation[]).map(
    (violation) =>
      `${violation.impact ?? 'unknown'} ${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
  );
}
