import {
  type AgentStatus,
  ENDPOINT_BACK_REASON,
  ENDPOINT_LOST_REASON,
  type PauseReason,
} from '@cc/contracts';

/** The server alone sets these two (issue 9: calls and wrap-up are detected from AMI). */
export const SERVER_ONLY_STATUSES: readonly AgentStatus[] = ['ON_CALL', 'WRAP_UP'];

export function isSelectableStatus(status: AgentStatus): boolean {
  return !SERVER_ONLY_STATUSES.includes(status);
}

/** A choice made during a call or wrap-up waits for it to end: the server keeps it as `nextStatus`. */
export function choiceIsDeferred(current: AgentStatus): boolean {
  return SERVER_ONLY_STATUSES.includes(current);
}

export function reasonsFor(status: AgentStatus, catalogue: readonly PauseReason[]): PauseReason[] {
  return catalogue.filter((reason) => reason.status === status);
}

/** Seconds past the reason's maximum, or 0 when within it or when the reason has none. */
export function overrunSec(
  reason: string | null,
  status: AgentStatus,
  sinceMs: number,
  nowMs: number,
  catalogue: readonly PauseReason[],
): number {
  const entry = catalogue.find(
    (item) => item.status === status && (item.code === reason || item.label === reason),
  );
  if (!entry?.maxDurationSeconds) return 0;
  return Math.max(0, Math.floor((nowMs - sinceMs) / 1000) - entry.maxDurationSeconds);
}

/** Reasons the server writes itself have a text in each language; others are the catalogue's own labels. */
const SERVER_REASON_KEYS: Readonly<Record<string, string>> = {
  [ENDPOINT_LOST_REASON]: 'status.autoReason.sipLost',
  [ENDPOINT_BACK_REASON]: 'status.autoReason.sipBack',
};

export function serverReasonKey(reason: string | null): string | null {
  return reason ? (SERVER_REASON_KEYS[reason] ?? null) : null;
}
