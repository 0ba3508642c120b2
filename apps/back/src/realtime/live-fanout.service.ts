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
  private flushScheduled: NodeJS.Immediate | null = null;
  private holdTimer: NodeJS.Timeout | null = null;
  private holdDueAt = Infinity;
  private readonly positionTimer: NodeJS.Timeout;
  private dropped = 0;
  private coalescedBefore = 0;

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

  /** Changes dropped because no rebuild had given them a base; absorbed by coalescing. */
  get counters(): { dropped: number; coalesced: number } {
    return { dropped: this.dropped, coalesced: this.coalescedBefore + (this.fanout?.coalesced ?? 0) };
  }

  @OnAppEvent('live.state.rebuilt')
  onRebuilt(event: AppEvents['live.state.rebuilt']): void {
    // Whatever the old mirror still held back is superseded by the rebuilt state.
    this.coalescedBefore += this.fanout?.coalesced ?? 0;
    this.fanout ??= new LiveFanout(this.config.coalesceMs);
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
    const now = Date.now();
    if (this.fanout.enqueue(event.changes, now)) this.scheduleFlush();
    else this.scheduleHold();
  }

  @OnAppEvent('leadership.changed')
  onLeadershipChanged(event: AppEvents['leadership.changed']): void {
    if (event.role === 'standby' && this.fanout) {
      this.logger.warn(`[${event.instanceId}] no longer ingests: dropping the live mirror`);
      this.coalescedBefore += this.fanout.coalesced;
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

  private scheduleFlush(): void {
    // One flush per event-loop turn: every change of this turn's AMI frames goes out together.
    this.flushScheduled ??= setImmediate(() => {
      this.flushScheduled = null;
      this.flush();
    });
  }

  private scheduleHold(): void {
    const due = this.fanout?.nextDueAt();
    if (due === null || due === undefined || due >= this.holdDueAt) return;
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.holdDueAt = due;
    this.holdTimer = setTimeout(
      () => {
        this.holdTimer = null;
        this.holdDueAt = Infinity;
        this.flush();
      },
      Math.max(0, due - Date.now()),
    );
  }

  private flush(): void {
    if (!this.fanout) return;
    for (const message of this.fanout.flush(Date.now())) {
      this.server.emit([message.room], message.event, message.payload);
    }
    this.scheduleHold();
  }

  private announcePositions(): void {
    if (!this.fanout) return;
    for (const position of this.fanout.positions())
      this.server.emit([position.room], 'live:position', position);
  }

  private clearTimers(): void {
    if (this.flushScheduled) clearImmediate(this.flushScheduled);
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.flushScheduled = null;
    this.holdTimer = null;
    this.holdDueAt = Infinity;
  }
}
