import type { AgentStatusChangedEvent, CallFacts } from '@cc/contracts';
import { Injectable } from '@nestjs/common';
import { OnAppEvent } from '../events/on-app-event.decorator';

/**
 * Wakes leads waiting for a free agent when one may have become free (a status change, a call that
 * ended, a reservation released), so they try again at once instead of polling fast; the wait also
 * ends after a pause, for what no event announces.
 */
@Injectable()
export class FreeAgentSignal {
  private waiters: Array<() => void> = [];
  // Counts wake-ups, so one that comes while a lead is still looking for an agent is not lost.
  private wakeUps = 0;

  @OnAppEvent('agent.status.changed')
  onAgentStatus(_change: AgentStatusChangedEvent): void {
    this.wake();
  }

  @OnAppEvent('call.ended')
  onCallEnded(_call: CallFacts): void {
    this.wake();
  }

  /** Taken before looking for an agent; `next(maxMs, mark)` then returns at once if a wake-up came since. */
  mark(): number {
    return this.wakeUps;
  }

  wake(): void {
    this.wakeUps += 1;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Resolves at the next wake-up after `since` (a `mark()`) or after `maxMs`, whichever comes first. */
  next(maxMs: number, since: number = this.wakeUps): Promise<void> {
    if (this.wakeUps !== since) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((waiter) => waiter !== done);
        resolve();
      };
      const timer = setTimeout(done, maxMs);
      this.waiters.push(done);
    });
  }
}
