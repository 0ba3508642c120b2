import type { AgentStatus } from '@cc/contracts';
import type { PauseReasonView } from './agent-status.api';

/** The server alone sets these two (issue 9: calls and wrap-up are detected from AMI). */
export const SERVER_ONLY_STATUSES: readonly AgentStatus[] = ['ON_CALL', 'WRAP_UP'];

export function isSelectableStatus(status: AgentStatus): boolean {
  return !SERVER_ONLY_STATUSES.includes(status);
}

/** A choice made during a call or wrap-up waits for it to end: the server keeps it as `nextStatus`. */
export function choiceIsDeferred(current: AgentStatus): boolean {
  return SERVER_ONLY_STATUSES.includes(current);
}

export function reasonsFor(status: AgentStatus, catalogue: readonly PauseReasonView[]): PauseReasonView[] {
  return catalogue.filter((reason) => reason.status === status);
}

/** Seconds past the reason's maximum, or 0 when within it or when the reason has none. */
export function overrunSec(
  reason: string | null,
  status: AgentStatus,
  sinceMs: number,
  nowMs: number,
  catalogue: readonly PauseReasonView[],
): number {
  const entry = catalogue.find(
    (item) => item.status === status && (item.code === reason || item.label === reason),
  );
  if (!entry?.maxDurationSec) return 0;
  return Math.max(0, Math.floor((nowMs - sinceMs) / 1000) - entry.maxDurationSec);
}
