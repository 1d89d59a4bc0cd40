// A person on the stand-in's agent page over real HTTP: signs in with a personal access token as the sign-in
// form does, then reads pages and posts comments with the session cookie and the forms' CSRF token.

export interface AgentPageVisit {
  status: number;
  html: string;
  headers: Headers;
}

export interface AgentPageBrowser {
  /** The `user_session=…` pair the browser sends back. */
  cookie: string;
  /** The `Set-Cookie` header the sign-in answered. */
  setCookie: string;
  /** The session's CSRF token, read from a page's form. */
  csrf: string;
  get(path: string): Promise<AgentPageVisit>;
  /** Posts a form to `path` as the page's forms do (own Origin, the CSRF token unless `fields` sets it). */
  post(path: string, fields: Record<string, string>): Promise<Response>;
  /** Comments `body` on `repo`'s issue `number` through the issue page's form. */
  comment(repo: string, number: number, body: string): Promise<Response>;
}

/** The form a page posts to `url`, with our own Origin. */
export function postForm(
  url: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: new URL(url).origin,
      ...headers,
    },
    body: new URLSearchParams(fields).toString(),
  });
}

/** Signs in on the agent page at `baseUrl` with `token`; throws unless the page accepts it. */
export async function signInToAgentPage(baseUrl: string, token: string): Promise<AgentPageBrowser> {
  const answer = await postForm(`${baseUrl}/session`, { token, return_to: '/', lang: 'fr' });
  const setCookie = answer.headers.get('set-cookie') ?? '';
  if (answer.status !== 303 || !setCookie.startsWith('user_session=')) {
    throw new Error(`the agent page refused the sign-in: ${answer.status} ${await answer.text()}`);
  }
  const cookie = setCookie.split(';')[0] ?? '';
  const get = async (path: string): Promise<AgentPageVisit> => {
    const response = await fetch(`${baseUrl}${path}`, { headers: { cookie }, redirect: 'manual' });
    return { status: response.status, html: await response.text(), headers: response.headers };
  };
  const home = await get('/');
  const csrf = /name="authenticity_token" value="([^"]+)"/.exec(home.html)?.[1];
  if (csrf === undefined) throw new Error(`no sign-out form on the signed-in page:\n${home.html}`);
  const post = (path: string, fields: Record<string, string>) =>
    postForm(`${baseUrl}${path}`, { authenticity_token: csrf, ...fields }, { cookie });
  return {
    cookie,
    setCookie,
    csrf,
    get,
    post,
    comment: (repo, number, body) => post(`/${repo}/issues/${number}/comments`, { body, lang: 'fr' }),
  };
}

/** Each agent signed in once, on first use, with the token of their account in `accounts`. */
export function agentSessions(
  baseUrl: () => string,
  accounts: () => readonly { login: string; token: string }[],
): (login: string) => Promise<AgentPageBrowser> {
  const signedIn = new Map<string, AgentPageBrowser>();
  return async (login) => {
    const known = signedIn.get(login);
    if (known) return known;
    const token = accounts().find((account) => account.login === login)?.token ?? '';
    const browser = await signInToAgentPage(baseUrl(), token);
    signedIn.set(login, browser);
    return browser;
  };
}

/** The page at `pathname` in `lang`, as `browser` sees it, with the HTML entities of quotes read back. */
export async function pageText(browser: AgentPageBrowser, pathname: string, lang = 'fr'): Promise<string> {
  const url = new URL(pathname, 'http://agent-page.invalid');
  url.searchParams.set('lang', lang);
  const html = (await browser.get(url.pathname + url.search)).html;
  return html.replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&');
}
