// Sends the stand-in's webhooks the way GitHub does: a JSON POST signed with X-Hub-Signature-256, with
// X-GitHub-Event / X-GitHub-Delivery / X-GitHub-Hook-ID, a 10 s timeout, no automatic retry. Deliveries run
// after the API answer, one at a time in the order of the changes; each is recorded, and a failed one can be
// redelivered with the same delivery id (GitHub's manual redelivery).

import { randomUUID } from 'node:crypto';
import { sign } from '@octokit/webhooks-methods';

export interface WebhookTarget {
  id: number;
  url: string;
  secret: string;
  /** Event names to send; all when absent. */
  events?: string[];
  /** Repositories (by id) whose events go to this target; all when absent (an App: its installations'). */
  accepts?: (repositoryId: number) => boolean;
  /** Fields added to every payload sent to this target (an App's hook: `installation`). */
  payloadFor?: (repositoryId: number) => Record<string, unknown>;
}

export interface DeliveryRecord {
  /** Sequential id, like GitHub's delivery ids. */
  id: number;
  /** The X-GitHub-Delivery GUID (kept on redelivery). */
  guid: string;
  hookId: number;
  event: string;
  action: string | undefined;
  status: 'pending' | 'delivered' | 'failed';
  /** HTTP status of the last attempt, when an answer came. */
  statusCode?: number;
  error?: string;
  attempts: number;
  redelivery: boolean;
  deliveredAt?: string;
  /** The exact body that was signed. */
  payload: string;
  /** The repository id, sent as X-GitHub-Hook-Installation-Target-ID. */
  targetId: number;
}

/** GitHub gives up on a delivery after 10 seconds. */
const deliveryTimeoutMs = 10_000;

export class WebhookSender {
  readonly targets: WebhookTarget[] = [];
  readonly #deliveries: DeliveryRecord[] = [];
  #queue: Promise<void> = Promise.resolve();
  #nextDeliveryId = 1;
  #nextHookId = 1;
  #closed = false;
  readonly #abort = new AbortController();

  addTarget(target: Omit<WebhookTarget, 'id'>): WebhookTarget {
    const added = { ...target, id: this.#nextHookId++ };
    this.targets.push(added);
    return added;
  }

  deliveries(): DeliveryRecord[] {
    return this.#deliveries.map((delivery) => ({ ...delivery }));
  }

  /** Queues one event to every target that wants it; returns at once. */
  send(event: string, payload: Record<string, unknown>, repositoryId: number): void {
    if (this.#closed) return;
    const shared = JSON.stringify(payload);
    const action = typeof payload.action === 'string' ? payload.action : undefined;
    for (const target of this.targets) {
      if (target.events && !target.events.includes(event)) continue;
      if (target.accepts && !target.accepts(repositoryId)) continue;
      const body = target.payloadFor
        ? JSON.stringify({ ...payload, ...target.payloadFor(repositoryId) })
        : shared;
      const delivery: DeliveryRecord = {
        id: this.#nextDeliveryId++,
        guid: randomUUID(),
        hookId: target.id,
        event,
        action,
        status: 'pending',
        attempts: 0,
        redelivery: false,
        payload: body,
        targetId: repositoryId,
      };
      this.#deliveries.push(delivery);
      this.#enqueue(target, delivery);
    }
  }

  /** Sends a recorded delivery again, with the same GUID; resolves when that attempt is over. */
  async redeliver(guid: string): Promise<DeliveryRecord | undefined> {
    const original = this.#deliveries.find((delivery) => delivery.guid === guid);
    const target = original && this.targets.find((candidate) => candidate.id === original.hookId);
    if (!original || !target) return undefined;
    const again: DeliveryRecord = {
      ...original,
      id: this.#nextDeliveryId++,
      status: 'pending',
      attempts: 0,
      redelivery: true,
    };
    delete again.statusCode;
    delete again.error;
    delete again.deliveredAt;
    this.#deliveries.push(again);
    this.#enqueue(target, again);
    await this.idle();
    return { ...again };
  }

  /** Resolves once every queued delivery has been attempted. */
  async idle(): Promise<void> {
    let current: Promise<void>;
    do {
      current = this.#queue;
      await current;
    } while (current !== this.#queue);
  }

  close(): void {
    this.#closed = true;
    this.#abort.abort();
  }

  #enqueue(target: WebhookTarget, delivery: DeliveryRecord): void {
    this.#queue = this.#queue.then(() => this.#deliver(target, delivery));
  }

  async #deliver(target: WebhookTarget, delivery: DeliveryRecord): Promise<void> {
    if (this.#closed) {
      delivery.status = 'failed';
      delivery.error = 'stand-in closed before delivery';
      return;
    }
    delivery.attempts += 1;
    try {
      const response = await fetch(target.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'GitHub-Hookshot/repodesk-standin',
          'x-github-event': delivery.event,
          'x-github-delivery': delivery.guid,
          'x-github-hook-id': String(target.id),
          'x-github-hook-installation-target-type': 'repository',
          'x-github-hook-installation-target-id': String(delivery.targetId),
          'x-hub-signature-256': await sign(target.secret, delivery.payload),
        },
        body: delivery.payload,
        signal: AbortSignal.any([AbortSignal.timeout(deliveryTimeoutMs), this.#abort.signal]),
      });
      await response.arrayBuffer().catch(() => undefined);
      delivery.statusCode = response.status;
      delivery.status = response.ok ? 'delivered' : 'failed';
      if (!response.ok) delivery.error = `answered ${response.status}`;
    } catch (error) {
      delivery.status = 'failed';
      delivery.error =
        error instanceof Error
          ? error.cause instanceof Error
            ? error.cause.message
            : error.message
          : String(error);
    }
    delivery.deliveredAt = new Date().toISOString();
  }
}
