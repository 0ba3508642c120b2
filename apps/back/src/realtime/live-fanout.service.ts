import type { LiveRoom, LiveRoomSnapshot } from '@cc/contracts';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { realtimeConfig, type RealtimeConfig } from '../config/realtime.config';
import type { AppEvents } from '../events/app-events';
import { OnAppEvent } from '../events/on-app-event.decorator';
import { ClusterQuery } from './adapters/cluster-query';
import { LiveFanout } from './domain/live-fanout';
import { RealtimeServer } from './realtime.server';

const SNAPSHOT_TOPIC = 'live-snapshot';
// Each live room's position is announced this often, so a client that missed a room's last
// messages (and gets no later one) still notices and resyncs.
const POSITION_INTERVAL_MS = 5_000;

export type SnapshotAnswer = { snapshot: LiveRoomSnapshot } | { snapshot: null };

/**
 * Publishes the live state to the `live` and `queue:{name}` rooms. Only the instance that ingests AMI
 * receives `live.state.*`, so only it holds a mirror (see LiveFanout) and broadcasts; the adapter
 * carries the messages to every instance. A client joining on any instance gets its snapshot from
 * that mirror: locally, or by asking the other instances (the newest epoch wins, so a former leader
 * that has not yet heard it was deposed cannot answer with a stale picture).
 */
@Injectable()
export class LiveFanoutService implements OnApplicationShutdown {
  private readonly logger = new Logger(LiveFanoutService.name);
  private fanout: LiveFanout | null = null;
  private cancelFlush: (() => void) | null = null;
  private flushSlot = Number.POSITIVE_INFINITY;
  private readonly positionTimer: NodeJS.Timeout;
  private dropped = 0;
  private coalescedBefore = 0;
  private publishedBefore = 0;

  constructor(
    private readonly server: RealtimeServer,
    private readonly cluster: ClusterQuery,
    @Inject(realtimeConfig.KEY) private readonly config: RealtimeConfig,
  ) {
    cluster.answer(SNAPSHOT_TOPIC, (room) => this.localSnapshot(room as LiveRoom));
    this.positionTimer = setInterval(() => this.announcePositions(), POSITION_INTERVAL_MS);
    this.positionTimer.unref();
  }

  /** True while this instance holds the mirror (it ingests AMI and has seen a rebuild). */
  get publishing(): boolean {
    return this.fanout !== null;
  }

  /** Changes dropped because no rebuild had given them a base; absorbed by coalescing; published. */
  get counters(): { dropped: number; coalesced: number; published: number } {
    return {
      dropped: this.dropped,
      coalesced: this.coalescedBefore + (this.fanout?.coalesced ?? 0),
      published: this.publishedBefore + (this.fanout?.published ?? 0),
    };
  }

  @OnAppEvent('live.state.rebuilt')
  onRebuilt(event: AppEvents['live.state.rebuilt']): void {
    // Kept across rebuilds so that its epochs keep growing; whatever it still held back is superseded
    // by the rebuilt state.
    this.fanout ??= new LiveFanout(this.config.coalesceMs, this.config.flushMs);
    const rooms = this.fanout.rebuild(event, Date.now());
    this.clearTimers();
    this.logger.log(
      `live state rebuilt (${event.operators.length} operators, ${event.channels.length} channels, ` +
        `${event.queues.length} queues): publishing epoch ${this.fanout.epoch}`,
    );
    for (const room of rooms) {
      this.server.emit([room], 'live:reset', { room, epoch: this.fanout.epoch, seq: 0 });
    }
  }

  @OnAppEvent('live.state.changed')
  onChanged(event: AppEvents['live.state.changed']): void {
    if (!this.fanout) {
      this.dropped += event.changes.length;
      return;
    }
    this.scheduleFlush(this.fanout.enqueue(event.changes, Date.now()));
  }

  @OnAppEvent('leadership.changed')
  onLeadershipChanged(event: AppEvents['leadership.changed']): void {
    if (event.role === 'standby' && this.fanout) {
      this.logger.warn(`[${event.instanceId}] no longer ingests: dropping the live mirror`);
      this.coalescedBefore += this.fanout.coalesced;
      this.publishedBefore += this.fanout.published;
      this.fanout = null;
      this.clearTimers();
    }
  }

  /** The room's snapshot from whichever instance publishes; null when none does (yet). */
  async snapshot(room: LiveRoom): Promise<LiveRoomSnapshot | null> {
    // Even with a local mirror, ask the others: a deposed publisher may not have heard yet that it was
    // (Redis cut, lease lost), and the newest epoch is the current publisher's.
    const { answers } = await this.cluster.ask<SnapshotAnswer>(SNAPSHOT_TOPIC, room);
    let best = this.localSnapshot(room).snapshot;
    for (const { answer } of answers) {
      if (answer.snapshot && (best === null || answer.snapshot.epoch > best.epoch)) best = answer.snapshot;
    }
    return best;
  }

  onApplicationShutdown(): void {
    this.clearTimers();
    clearInterval(this.positionTimer);
  }

  private localSnapshot(room: LiveRoom): SnapshotAnswer {
    return { snapshot: this.fanout ? this.fanout.snapshot(room, new Date().toISOString()) : null };
  }

  /** Makes sure a flush runs at `slot` (or earlier). */
  private scheduleFlush(slot: number): void {
    if (!Number.isFinite(slot) || slot >= this.flushSlot) return;
    this.clearTimers();
    this.flushSlot = slot;
    const run = () => {
      this.cancelFlush = null;
      this.flushSlot = Number.POSITIVE_INFINITY;
      this.flush();
    };
    const now = Date.now();
    if (slot <= now) {
      // Every change of this event-loop turn's AMI frames goes out in the same flush.
      const immediate = setImmediate(run);
      this.cancelFlush = () => clearImmediate(immediate);
    } else {
      const timer = setTimeout(run, slot - now);
      this.cancelFlush = () => clearTimeout(timer);
    }
  }

  private flush(): void {
    if (!this.fanout) return;
    for (const batch of this.fanout.flush(Date.now())) {
      this.server.emit([batch.room], 'live:batch', batch.payload);
    }
    const next = this.fanout.nextFlushAt();
    if (next !== null) this.scheduleFlush(next);
  }

  private announcePositions(): void {
    if (!this.fanout) return;
    for (const position of this.fanout.positions())
      this.server.emit([position.room], 'live:position', position);
  }

  private clearTimers(): void {
    this.cancelFlush?.();
    this.cancelFlush = null;
    this.flushSlot = Number.POSITIVE_INFINITY;
  }
}
