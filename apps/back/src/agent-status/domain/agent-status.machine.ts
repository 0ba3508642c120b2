import {
  AUTO_REASON_PREFIX,
  ENDPOINT_BACK_REASON,
  ENDPOINT_LOST_REASON,
  type AgentStatus,
  type AgentStatusSource,
} from '@cc/contracts';

/** One agent's row as the machine sees it (Postgres `agent_statuses`). */
export interface AgentState {
  extension: string;
  status: AgentStatus;
  previousStatus: AgentStatus | null;
  reason: string | null;
  source: AgentStatusSource;
  actor: string | null;
  statusChangedAt: Date;
  nextStatus: AgentStatus | null;
  nextReason: string | null;
  /** What to return to after the call, wrap-up or automatic OFFLINE; never ON_CALL or WRAP_UP. */
  resumeStatus: AgentStatus | null;
  resumeReason: string | null;
  wrapUpEndsAt: Date | null;
}

/** What can happen to an agent. `at` is when it happened (the clock is the caller's). */
export type AgentInput =
  | {
      type: 'requested';
      status: AgentStatus;
      reason: string | null;
      source: Exclude<AgentStatusSource, 'auto'>;
      actor: string | null;
    }
  | { type: 'call-connected' }
  | { type: 'call-ended'; wrapUpSeconds: number }
  | { type: 'wrap-up-due' }
  | { type: 'endpoint-lost' }
  | { type: 'endpoint-back' };

export type AgentDecision =
  /** Nothing to write. */
  | { kind: 'none' }
  /** Only the next status changed: update the row, no new history period. */
  | { kind: 'next'; state: AgentState }
  /** The status changed: close the open period and open one for `state`. */
  | { kind: 'status'; state: AgentState }
  /** The request is not allowed in this state. */
  | { kind: 'refused'; code: AgentTransitionRefusal };

export type AgentTransitionRefusal = 'automatic-status';

/** The platform sets these from the calls; nobody asks for them. */
export const AUTOMATIC_STATUSES: readonly AgentStatus[] = ['ON_CALL', 'WRAP_UP'];

const inCallOrWrapUp = (status: AgentStatus): boolean => AUTOMATIC_STATUSES.includes(status);

/**
 * The agent-status rules in one function: `(state, input, at) -> decision`. Written out in
 * docs/agent-status.md; the table below is their only implementation.
 *
 * - A status the agent (or the platform, or an adopted outside pause) asks for during a call or
 *   wrap-up becomes the next status, applied when the call and its wrap-up end; ONLINE during
 *   wrap-up ends the wrap-up at once. A supervisor's status is forced: it applies at once.
 * - A connected call makes the agent ON_CALL and remembers the status before it; the end of the
 *   call starts a wrap-up when there is one, then the next status, else the one before the call.
 * - Losing the endpoint makes the agent OFFLINE with an `Auto:` reason, remembering where to go back;
 *   only such an automatic OFFLINE is undone when the endpoint returns.
 */
export function decideAgentTransition(state: AgentState, input: AgentInput, at: Date): AgentDecision {
  switch (input.type) {
    case 'requested':
      return onRequested(state, input, at);
    case 'call-connected':
      if (state.status === 'ON_CALL') return { kind: 'none' };
      return change(state, at, {
        status: 'ON_CALL',
        reason: null,
        source: 'auto',
        actor: null,
        nextStatus: state.status === 'WRAP_UP' ? state.nextStatus : null,
        nextReason: state.status === 'WRAP_UP' ? state.nextReason : null,
        // A second call straight out of wrap-up keeps the status from before the first one.
        resumeStatus: state.status === 'WRAP_UP' ? state.resumeStatus : state.status,
        resumeReason: state.status === 'WRAP_UP' ? state.resumeReason : state.reason,
        wrapUpEndsAt: null,
      });
    case 'call-ended':
      if (state.status !== 'ON_CALL') return { kind: 'none' };
      if (input.wrapUpSeconds > 0)
        return change(state, at, {
          status: 'WRAP_UP',
          reason: null,
          source: 'auto',
          actor: null,
          wrapUpEndsAt: new Date(at.getTime() + input.wrapUpSeconds * 1000),
        });
      return change(state, at, afterCall(state));
    case 'wrap-up-due':
      if (state.status !== 'WRAP_UP') return { kind: 'none' };
      if (state.wrapUpEndsAt !== null && state.wrapUpEndsAt.getTime() > at.getTime()) return { kind: 'none' };
      return change(state, at, afterCall(state));
    case 'endpoint-lost': {
      if (state.status === 'OFFLINE') return { kind: 'none' };
      const back = inCallOrWrapUp(state.status)
        ? resumeTarget(state)
        : { status: state.status, reason: state.reason };
      return change(state, at, {
        ...cleared,
        status: 'OFFLINE',
        reason: ENDPOINT_LOST_REASON,
        source: 'auto',
        actor: null,
        resumeStatus: back.status,
        resumeReason: back.reason,
      });
    }
    case 'endpoint-back': {
      if (state.status !== 'OFFLINE' || !isAutomaticReason(state.reason)) return { kind: 'none' };
      const status = state.resumeStatus ?? 'ONLINE';
      return change(state, at, {
        ...cleared,
        status,
        reason: status === 'ONLINE' ? ENDPOINT_BACK_REASON : state.resumeReason,
        source: 'auto',
        actor: null,
      });
    }
  }
}

export function isAutomaticReason(reason: string | null): boolean {
  return reason !== null && reason.startsWith(AUTO_REASON_PREFIX);
}

function onRequested(
  state: AgentState,
  input: Extract<AgentInput, { type: 'requested' }>,
  at: Date,
): AgentDecision {
  if (inCallOrWrapUp(input.status)) return { kind: 'refused', code: 'automatic-status' };
  const target = {
    ...cleared,
    status: input.status,
    reason: input.reason,
    source: input.source,
    actor: input.actor,
  };
  const forced = input.source === 'supervisor';
  if (!forced && state.status === 'WRAP_UP' && input.status === 'ONLINE') return change(state, at, target);
  if (!forced && inCallOrWrapUp(state.status)) {
    if (state.nextStatus === input.status && state.nextReason === input.reason) return { kind: 'none' };
    return {
      kind: 'next',
      state: { ...state, nextStatus: input.status, nextReason: input.reason },
    };
  }
  if (state.status === input.status && state.reason === input.reason) {
    return state.nextStatus === null ? { kind: 'none' } : { kind: 'next', state: { ...state, ...cleared } };
  }
  return change(state, at, target);
}

const cleared = {
  nextStatus: null,
  nextReason: null,
  resumeStatus: null,
  resumeReason: null,
  wrapUpEndsAt: null,
} as const;

function resumeTarget(state: AgentState): { status: AgentStatus; reason: string | null } {
  if (state.nextStatus !== null) return { status: state.nextStatus, reason: state.nextReason };
  if (state.resumeStatus !== null) return { status: state.resumeStatus, reason: state.resumeReason };
  return { status: 'ONLINE', reason: null };
}

function afterCall(state: AgentState): Partial<AgentState> {
  // `auto` even for a next status the agent chose: the platform is what applied it, at that moment.
  return { ...cleared, ...resumeTarget(state), source: 'auto', actor: null };
}

/** A new period: the previous status is the one being left; unmentioned bookkeeping is kept. */
function change(state: AgentState, at: Date, patch: Partial<AgentState>): AgentDecision {
  // Never before the current period started, so a clock behind another instance's cannot make an overlap.
  const when = at.getTime() < state.statusChangedAt.getTime() ? state.statusChangedAt : at;
  return {
    kind: 'status',
    state: {
      ...state,
      ...patch,
      previousStatus: state.status,
      statusChangedAt: when,
    },
  };
}
