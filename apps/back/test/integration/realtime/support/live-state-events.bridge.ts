import { Injectable, Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { LiveStatusChange } from '@cc/contracts';
import type { Subscription } from 'rxjs';
import { AppEventBus } from '../../../../src/events/app-event.bus';
import { LiveStatusQueryService } from '../../../../src/live-status/live-status-query.service';
import { LiveStatusModule } from '../../../../src/live-status/live-status.module';
import { LiveStatusStream } from '../../../../src/live-status/live-status.stream';

/**
 * STOPGAP until the ingestion service emits `live.state.changed` / `live.state.rebuilt` itself (work
 * in progress on another branch, replacing LiveStatusStream): forwards the stream of the instance that
 * ingests into the event map, as that change will. A rebuild's whole state is read back from Redis
 * right after the rebuild wrote it; changes made meanwhile are held and forwarded after it (each
 * carries the entity's full value, so replaying one Redis already has is harmless).
 * Delete this file and its imports once the ingestion emits the events; nothing else changes.
 */
@Injectable()
class LiveStateEventsBridge implements OnModuleInit, OnModuleDestroy {
  private readonly subscriptions: Subscription[] = [];
  private held: LiveStatusChange[] | null = null;

  constructor(
    private readonly stream: LiveStatusStream,
    private readonly liveState: LiveStatusQueryService,
    private readonly bus: AppEventBus,
  ) {}

  onModuleInit(): void {
    this.subscriptions.push(
      this.stream.changes$.subscribe((change) => {
        if (this.held) this.held.push(change);
        else this.bus.emit('live.state.changed', { changes: [change] });
      }),
      this.stream.rebuilt$.subscribe(({ at }) => void this.forwardRebuild(at)),
    );
  }

  onModuleDestroy(): void {
    for (const subscription of this.subscriptions.splice(0)) subscription.unsubscribe();
  }

  private async forwardRebuild(at: string): Promise<void> {
    this.held ??= [];
    const state = await this.liveState.getDashboardData();
    const held = this.held;
    this.held = null;
    this.bus.emit('live.state.rebuilt', {
      at,
      version: 0,
      operators: state.operators,
      channels: state.channels,
      queues: state.queues,
    });
    if (held.length > 0) this.bus.emit('live.state.changed', { changes: held });
  }
}

@Module({ imports: [LiveStatusModule], providers: [LiveStateEventsBridge] })
export class LiveStateEventsBridgeModule {}
