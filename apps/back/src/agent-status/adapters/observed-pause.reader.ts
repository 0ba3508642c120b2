import { Injectable, Logger } from '@nestjs/common';
import type { OperatorStatusData } from '@cc/contracts';
import { LiveStatusQueryService } from '../../live-status/live-status-query.service';
import type { ObservedMembership } from '../domain/pause-reconcile';

/**
 * Asterisk's pause flags as the live state holds them (Redis, fed by AMI). Null when only the
 * Postgres fallback answers: that is configuration, not what Asterisk observes, so nothing is
 * reconciled against it.
 */
@Injectable()
export class ObservedPauseReader {
  private readonly logger = new Logger(ObservedPauseReader.name);

  constructor(private readonly live: LiveStatusQueryService) {}

  /** Interface -> its queue memberships. */
  async all(): Promise<Map<string, ObservedMembership[]> | null> {
    try {
      const snapshot = await this.live.getOperatorsSnapshot();
      if (snapshot.source !== 'redis') return null;
      return groupByInterface(snapshot.items);
    } catch (error) {
      this.logger.warn(`reading the live state failed: ${(error as Error).message}`);
      return null;
    }
  }

  async of(interfaces: readonly string[]): Promise<ObservedMembership[] | null> {
    const all = await this.all();
    if (all === null) return null;
    return interfaces.flatMap((iface) => all.get(iface) ?? []);
  }
}

function groupByInterface(operators: readonly OperatorStatusData[]): Map<string, ObservedMembership[]> {
  const map = new Map<string, ObservedMembership[]>();
  for (const o of operators) {
    const list = map.get(o.interface) ?? [];
    list.push({ queue: o.queue, interface: o.interface, paused: o.paused, pausedReason: o.pausedReason });
    map.set(o.interface, list);
  }
  return map;
}
