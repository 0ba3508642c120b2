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

  @OnAppEvent('agent.status.changed')
  onAgentStatus(_change: AgentStatusChangedEvent): void {
    this.wake();
  }

  @OnAppEvent('call.ended')
  onCallEnded(_call: CallFacts): void {
    this.wake();
  }

  wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Resolves at the next wake-up or after `maxMs`, whichever comes first. */
  next(maxMs: number): Promise<void> {
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
