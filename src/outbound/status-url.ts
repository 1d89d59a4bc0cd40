// Where the customer follows a request: the help site's "follow" page, or the bot's own status endpoint
// when there is no help site. The link carries the token that alone authenticates the customer's view.

import type { BotContext } from '../context.ts';
import { signStatusToken } from '../store/status-token.ts';

/** Where the customer follows the request: the help site's "follow" page, or the bot's endpoint without a site. */
export function statusUrl(bot: BotContext, ref: string, lang: string): string {
  const token = signStatusToken(bot.statusSecret, ref);
  const query = `ref=${encodeURIComponent(ref)}&token=${encodeURIComponent(token)}`;
  const site = bot.config.publicSiteUrl;
  if (site) return `${site}/${encodeURIComponent(lang)}/follow/?${query}`;
  return `${bot.config.publicBotUrl ?? ''}/api/requests/${ref}?token=${token}`;
}
