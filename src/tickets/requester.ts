// Who a ticket's requester is, the one rule every reader follows (a mail threaded to its ticket, a bounce,
// an agent's /reply, a notice, an automatic reply, the status page): the ticket's mail thread when it has
// one (a mail ticket, or a form request with an address, whose acknowledgement started the thread), else
// the address its form submission gave. Pure: the caller reads the thread and the submission
// (outbound/recipients.ts).

/** Who a ticket's mail goes to, and what the customer's side of it shows. */
export interface TicketRecipients {
  to: string;
  cc: string[];
  /** The requester's name as the mail or the form gave it (customer text). */
  name: string;
  lang: string;
  /** The request's title as the customer wrote it; empty when only the issue has one. */
  title: string;
}

/** What a ticket's mail thread says of its requester. */
export interface RequesterThread {
  requester: string;
  cc: readonly string[];
  name: string;
  lang: string;
  title: string;
}

/**
 * The recipients of a ticket from its mail `thread`, else from the form `submission` that opened it (in
 * `lang`); undefined when neither gives an address.
 */
export function ticketRequester(
  thread: RequesterThread | undefined,
  submission: { requester?: { email?: unknown; name?: unknown } } | undefined,
  lang: string,
): TicketRecipients | undefined {
  if (thread)
    return {
      to: thread.requester,
      cc: [...thread.cc],
      name: thread.name,
      lang: thread.lang,
      title: thread.title,
    };
  const email = submission?.requester?.email;
  if (typeof email !== 'string' || email === '') return undefined;
  const name = submission?.requester?.name;
  return { to: email, cc: [], name: typeof name === 'string' ? name : '', lang, title: '' };
}
