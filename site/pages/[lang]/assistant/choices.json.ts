// /<lang>/assistant/choices.json: the categories and forms the assistant offers (site/lib/assistant-choices.ts).
import { assistantChoices } from '../../../lib/assistant-choices.ts';
import { categories, langPaths, siteRules } from '../../../lib/rules.ts';

export const getStaticPaths = langPaths;

export async function GET({ params }: { params: { lang: string } }): Promise<Response> {
  const { forms } = await siteRules();
  return new Response(JSON.stringify(assistantChoices(params.lang, await categories(), forms)), {
    headers: { 'content-type': 'application/json' },
  });
}
