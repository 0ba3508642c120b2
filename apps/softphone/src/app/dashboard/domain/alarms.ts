import type { AgentStatus, AgentStatusView, PauseReason, QueueStatusData } from '@cc/contracts';
import { overrunSec } from '../../core/agent/agent-status.policy';

export interface AlarmThresholds {
  /** A caller waiting longer than this raises an alarm. */
  maxWaitSec: number;
  /** Service level (percent answered within the queue's threshold) below this raises an alarm. */
  minServiceLevelPct: number;
}

export const DEFAULT_THRESHOLDS: AlarmThresholds = { maxWaitSec: 60, minServiceLevelPct: 80 };

export type Alarm =
  | { kind: 'long-wait'; queue: string; seconds: number }
  | { kind: 'low-service-level'; queue: string; pct: number }
  | { kind: 'pause-overrun'; extension: string; status: AgentStatus; reason: string; seconds: number }
  | { kind: 'dependency-down'; dependency: string }
  | { kind: 'feed-down' };

export interface AlarmInput {
  queues: readonly QueueStatusData[];
  agents: readonly AgentStatusView[];
  reasons: readonly PauseReason[];
  /** Back-end dependencies reported down by /health/ready (ami, redis...). */
  dependenciesDown: readonly string[];
  feedDown: boolean;
  nowMs: number;
  thresholds: AlarmThresholds;
}

/** Every alarm the supervisor must see now, most urgent kinds first. */
export function alarmsFrom(input: AlarmInput): Alarm[] {
  const alarms: Alarm[] = [];
  if (input.feedDown) alarms.push({ kind: 'feed-down' });
  for (const dependency of input.dependenciesDown) alarms.push({ kind: 'dependency-down', dependency });
  for (const queue of input.queues) {
    if (queue.callersWaiting > 0 && queue.longestWaitSec > input.thresholds.maxWaitSec) {
      alarms.push({ kind: 'long-wait', queue: queue.name, seconds: queue.longestWaitSec });
    }
  }
  for (const agent of input.agents) {
    const seconds = overrunSec(
      agent.reason,
      agent.status,
      Date.parse(agent.statusChangedAt),
      input.nowMs,
      input.reasons,
    );
    if (seconds > 0) {
      alarms.push({
        kind: 'pause-overrun',
        extension: agent.extension,
        status: agent.status,
        reason: agent.reason ?? '',
        seconds,
      });
    }
  }
  for (const queue of input.queues) {
    // A queue that has answered nothing yet has no service level to speak of.
    if (
      queue.completed + queue.abandoned > 0 &&
      queue.serviceLevelPct < input.thresholds.minServiceLevelPct
    ) {
      alarms.push({ kind: 'low-service-level', queue: queue.name, pct: queue.serviceLevelPct });
    }
  }
  return alarms;
}

export function alarmKey(alarm: Alarm): string {
  switch (alarm.kind) {
    case 'long-wait':
    case 'low-service-level':
      return `${alarm.kind}:${alarm.queue}`;
    case 'pause-overrun':
      return `${alarm.kind}:${alarm.extension}`;
    case 'dependency-down':
      return `${alarm.kind}:${alarm.dependency}`;
    default:
      return alarm.kind;
  }
}
