// The hidden marker that records why repodesk created a ticket the way it did: the rules version in force,
// the routing rules that matched, the team, the assignment and its reason, and the rule behind each
// automatic reply. Intake writes it on the body's first line, right after the facts marker, where customer
// text never is; `repodesk why` reads it back (only from an issue repodesk opened). Rule ids, logins and
// the assignment line only: never customer text, so no personal data.

/** What a ticket's creation decided, and what caused it. */
export interface TicketDecision {
  /** The rules version in force (`/healthz`, `repodesk validate`); `unversioned` when the bot had none. */
  rules: string;
  /** Routing rules that matched, in order. */
  matched: string[];
  team?: string;
  assignees: string[];
  /** The routing trace's assignment line: who was picked (or nobody) and why. */
  assignment: string;
  /** The rule that named each automatic reply, by reply id. */
  replies: Record<string, string>;
  /** Shadow routing rules that matched: recorded as "would have", not applied. */
  shadow: string[];
}

// Every value percent-encoded: a version holds `+` and `:`, the assignment line spaces and quotes, and
// nothing in the marker may close the comment (no `>`, no `--`).
const encode = (value: string) => encodeURIComponent(value).replace(/--/g, '-%2D');
const list = (values: readonly string[]) => values.map(encode).join(',');

/** The decision marker, one line, for the issue body. */
export function decisionMarker(decision: TicketDecision): string {
  const fields = [
    `rules=${encode(decision.rules)}`,
    `matched=${list(decision.matched)}`,
    ...(decision.team === undefined ? [] : [`team=${encode(decision.team)}`]),
    `assignees=${list(decision.assignees)}`,
    `assignment=${encode(decision.assignment)}`,
    `replies=${Object.entries(decision.replies)
      .map(([reply, rule]) => `${encode(reply)}:${encode(rule)}`)
      .join(',')}`,
    ...(decision.shadow.length > 0 ? [`shadow=${list(decision.shadow)}`] : []),
  ];
  return `<!-- repodesk:decision ${fields.join(' ')} -->`;
}

/**
 * The store key (key-value) of the decision the bot made routing issue `number` opened on GitHub, in
 * `repository` when it is not the desk's default one (a confidential queue).
 */
export function openedIssueDecisionKey(number: number, repository?: string): string {
  // The default repository's key is the one written before confidential queues: stored decisions stay found.
  return repository === undefined
    ? `decision:opened-issue:${number}`
    : `decision:opened-issue:${repository.toLowerCase()}#${number}`;
}

/** The first line's decision marker, after the ticket and facts markers; undefined without one. */
const firstLineDecision = /^<!-- repodesk:ticket [^\n]*?<!-- repodesk:decision ([^\s>][^>\n]*?) -->/;

/** Reads the decision of an issue body (trust it only in an issue repodesk opened). */
export function readDecisionMarker(body: string): TicketDecision | undefined {
  const found = firstLineDecision.exec(body);
  if (!found) return undefined;
  const values = new Map<string, string>();
  for (const pair of (found[1] ?? '').split(' ')) {
    const at = pair.indexOf('=');
    if (at > 0) values.set(pair.slice(0, at), pair.slice(at + 1));
  }
  const decode = (value: string) => {
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  };
  const split = (value: string | undefined) => (value ? value.split(',').map(decode) : []);
  const team = values.get('team');
  return {
    rules: decode(values.get('rules') ?? ''),
    matched: split(values.get('matched')),
    ...(team === undefined ? {} : { team: decode(team) }),
    assignees: split(values.get('assignees')),
    assignment: decode(values.get('assignment') ?? ''),
    replies: Object.fromEntries(
      split(values.get('replies')).flatMap((entry) => {
        const at = entry.indexOf(':');
        return at > 0 ? [[entry.slice(0, at), entry.slice(at + 1)]] : [];
      }),
    ),
    shadow: split(values.get('shadow')),
  };
}
