import type { AgentStatusChangedEvent, AgentStatusView } from '@cc/contracts';

/**
 * Applies a pushed status change to the list read over REST. An event older than what we hold (it can
 * overtake the REST answer) is ignored; an agent we did not know yet is added.
 */
export function applyStatusChange(
  agents: readonly AgentStatusView[],
  event: AgentStatusChangedEvent,
): AgentStatusView[] {
  const index = agents.findIndex((agent) => agent.extension === event.extension);
  const current = index >= 0 ? agents[index] : null;
  if (current && Date.parse(current.statusChangedAt) > Date.parse(event.statusChangedAt)) return [...agents];
  const next: AgentStatusView = {
    extension: event.extension,
    status: event.status,
    previousStatus: event.previousStatus,
    reason: event.reason,
    source: event.source,
    statusChangedAt: event.statusChangedAt,
    nextStatus: event.nextStatus,
    nextReason: event.nextStatus ? (current?.nextReason ?? null) : null,
    wrapUpEndsAt: event.status === 'WRAP_UP' ? (current?.wrapUpEndsAt ?? null) : null,
    userId: current?.userId ?? null,
  };
  if (index < 0) return [...agents, next];
  const copy = [...agents];
  copy[index] = next;
  return copy;
}
