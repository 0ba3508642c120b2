import { Injectable } from '@nestjs/common';
import type { LiveStatusChange } from '@cc/contracts';
import { type Observable, Subject } from 'rxjs';

/**
 * The typed in-process stream of live-state changes, for the realtime gateway and the agent-status
 * module. Every change carries a per-entity version, so late subscribers can discard stale ones.
 */
@Injectable()
export class LiveStatusStream {
  private readonly subject = new Subject<LiveStatusChange>();
  private readonly rebuilt = new Subject<{ at: string }>();

  readonly changes$: Observable<LiveStatusChange> = this.subject.asObservable();
  /** After a full rebuild from Asterisk: consumers should reload the snapshot. */
  readonly rebuilt$: Observable<{ at: string }> = this.rebuilt.asObservable();

  publish(changes: readonly LiveStatusChange[]): void {
    for (const change of changes) this.subject.next(change);
  }

  publishRebuilt(at: Date): void {
    this.rebuilt.next({ at: at.toISOString() });
  }
}
