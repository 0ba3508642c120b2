import type { AgentStatus } from '@cc/contracts';
import { desiredPause } from './queue-pause.mapping';

/** One queue membership of the agent's interface, as Asterisk reports it (the live state). */
export interface ObservedMembership {
  queue: string;
  interface: string;
  paused: boolean;
  pausedReason: string;
}

export interface ReconcileInput {
  status: AgentStatus;
  reason: string | null;
  /** The reason the platform last paused this agent with; a pause with it is the platform's own. */
  platformPauseReason: string | null;
  memberships: readonly ObservedMembership[];
}

/** A QueuePause to send; `queue` null means every queue of the interface. */
export interface PauseAction {
  interface: string;
  queue: string | null;
  paused: boolean;
  reason: string | null;
}

export type ReconcileDecision =
  | { kind: 'in-sync' }
  /** Asterisk differs from what the platform wants: send these; each counts as one drift. */
  | { kind: 'fix'; actions: PauseAction[] }
  /** Someone paused the agent outside the platform on every queue: make it the agent's status. */
  | { kind: 'adopt'; reason: string };

/**
 * Desired (Postgres) vs observed (Asterisk), for one agent. The rule, as docs/agent-status.md states it:
 * - an agent who is not ready never receives queue calls: any unpaused membership of an agent whose
 *   status pauses is paused;
 * - an ONLINE agent paused outside the platform on all of their queues has made a status change
 *   (a phone feature code, the CLI, another AMI client): adopt it, with the reason Asterisk reports;
 * - an ONLINE agent paused outside on only some queues made a queue-level choice: leave it;
 * - ONLINE lifts only the platform's own pauses (those with the reason it paused with).
 * ON_CALL leaves the pause as it is.
 */
export function reconcileAgentPause(input: ReconcileInput): ReconcileDecision {
  const desired = desiredPause(input.status, input.reason);
  if (desired === null || input.memberships.length === 0) return { kind: 'in-sync' };
  if (desired.paused) {
    const actions = input.memberships
      .filter((m) => !m.paused)
      .map((m) => ({ interface: m.interface, queue: m.queue, paused: true, reason: desired.reason }));
    return actions.length === 0 ? { kind: 'in-sync' } : { kind: 'fix', actions };
  }
  const paused = input.memberships.filter((m) => m.paused);
  const ours = paused.filter((m) => isPlatformPause(m, input.platformPauseReason));
  if (ours.length > 0)
    return {
      kind: 'fix',
      actions: ours.map((m) => ({ interface: m.interface, queue: m.queue, paused: false, reason: null })),
    };
  if (paused.length === input.memberships.length) return { kind: 'adopt', reason: paused[0].pausedReason };
  return { kind: 'in-sync' };
}

function isPlatformPause(m: ObservedMembership, platformPauseReason: string | null): boolean {
  return platformPauseReason !== null && m.pausedReason === platformPauseReason;
}

/**
 * The actions that apply a status change at once. One QueuePause without a queue pauses the interface
 * everywhere (app_queue.c `manager_queue_member_pause`: "If not specified, the member will be paused or
 * unpaused in all the queues it is a member of"). ONLINE lifts every pause except those the live state
 * shows were made outside the platform; a live state that lags only makes it send a needless unpause.
 */
export function pauseActionsForChange(
  status: AgentStatus,
  reason: string | null,
  interfaces: readonly string[],
  observed: { platformPauseReason: string | null; memberships: readonly ObservedMembership[] } | null,
): PauseAction[] {
  const desired = desiredPause(status, reason);
  if (desired === null) return [];
  const everywhere = (paused: boolean, why: string | null): PauseAction[] =>
    interfaces.map((iface) => ({ interface: iface, queue: null, paused, reason: why }));
  if (desired.paused) return everywhere(true, desired.reason);
  const memberships = observed?.memberships ?? [];
  const outside = memberships.filter(
    (m) => m.paused && !isPlatformPause(m, observed?.platformPauseReason ?? null),
  );
  if (outside.length === 0) return everywhere(false, null);
  return memberships
    .filter((m) => !outside.includes(m))
    .map((m) => ({ interface: m.interface, queue: m.queue, paused: false, reason: null }));
}

/**
 * The status an outside pause means: a reason naming a status (`BREAK`), or a catalogue reason
 * (code or label, any case), else PAUSE.
 */
export function statusForOutsidePause(
  reason: string,
  catalogue: ReadonlyMap<string, AgentStatus>,
  statuses: readonly AgentStatus[],
): AgentStatus {
  const named = statuses.find((s) => s === reason.trim().toUpperCase());
  if (named !== undefined && named !== 'ONLINE' && named !== 'ON_CALL' && named !== 'WRAP_UP') return named;
  return catalogue.get(reason.trim().toLowerCase()) ?? 'PAUSE';
}
