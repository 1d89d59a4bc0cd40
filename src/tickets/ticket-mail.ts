// A mail to a ticket's requester, as engines decide it (an agent's reply, a notice): the executor queues it
// through the outbox exactly once by its key.

import type { EmailTemplateId } from '../rules/email-templates.ts';

/** A mail to a ticket's requester, queued through the outbox exactly once by its key. */
export interface TicketMail {
  /** Exactly-once key of this mail (`reply:comment:<id>`). */
  key: string;
  template: EmailTemplateId;
  ref: string;
  lang: string;
  to: string[];
  cc: string[];
  variables: Record<string, string>;
  /** Automatic mail carries Auto-Submitted; an agent's reply does not. */
  automatic: boolean;
  /** Threaded under the ticket's earlier mail. */
  threaded: boolean;
  /** A resolution mail, which offers the satisfaction survey (sent only where outbound/ allows it). */
  survey?: boolean;
  /**
   * What the customer's follow page shows for this mail (an agent's reply: its message as mailed), kept with
   * the mail when it is queued, so that a later edit of the rules never rewrites what the customer was told.
   */
  shown?: string;
  /** Files sent with it (an agent's reply), stored under DATA_DIR/attachments: their id and the name shown. */
  attachments?: { id: string; name: string }[];
}
