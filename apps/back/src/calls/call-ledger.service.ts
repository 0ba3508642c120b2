import { Injectable, Logger } from '@nestjs/common';
import type { AmiEvent } from '@cc/ami';
import type { CallFacts } from '@cc/contracts';
import { AppEventBus } from '../events/app-event.bus';
import type { AppEvents, LiveStateRebuiltEvent } from '../events/app-events';
import { OnAppEvent } from '../events/on-app-event.decorator';
import { CallLedgerRepository } from './adapters/call-ledger.repository';
import {
  EMPTY_CALL_LEDGER,
  forgetVanishedCalls,
  reduceCallLedger,
  type CallLedgerChange,
} from './domain/call-ledger.reducer';

// Writes are idempotent upserts, so a failed one is simply tried again.
const RETRY_DELAYS_MS = [200, 1000, 3000];

const EVENT_OF: Record<CallLedgerChange['kind'], keyof AppEvents & `call.${string}`> = {
  started: 'call.started',
  answered: 'call.answered',
  ended: 'call.ended',
};

/**
 * The call ledger on the instance that ingests AMI: typed AMI events through the reducer, each
 * change upserted into `call_records` in order, then emitted as `call.started|answered|ended`.
 * After every live-state rebuild, calls whose channels vanished meanwhile are ended.
 */
@Injectable()
export class CallLedgerService {
  private readonly logger = new Logger(CallLedgerService.name);
  private state = EMPTY_CALL_LEDGER;
  // One chain: a call's started/answered/ended reach Postgres in the order they happened.
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly repository: CallLedgerRepository,
    private readonly bus: AppEventBus,
  ) {}

  @OnAppEvent('ami.event.received')
  onAmiEvent(event: AmiEvent): void {
    const { state, changes } = reduceCallLedger(this.state, event, new Date());
    this.state = state;
    for (const change of changes) this.enqueue(() => this.write(change));
  }

  @OnAppEvent('live.state.rebuilt')
  onRebuilt(rebuilt: LiveStateRebuiltEvent): void {
    const at = new Date(rebuilt.at);
    const live = new Set(rebuilt.channels.map((c) => c.linkedId));
    this.state = forgetVanishedCalls(this.state, live, at);
    this.enqueue(async () => {
      const ended = await this.withRetry('ending vanished calls', () =>
        this.repository.endVanished(at, [...live], new Date()),
      );
      for (const facts of ended ?? []) {
        this.logger.warn(`[${facts.uniqueid}] call ended while unobserved, closed as ${facts.disposition}`);
        this.bus.emit('call.ended', facts);
      }
    });
  }

  /** Resolves once every change so far has been written (tests, shutdown). */
  async drain(): Promise<void> {
    let seen: Promise<void> | null = null;
    while (seen !== this.tail) {
      seen = this.tail;
      await seen;
    }
  }

  private enqueue(task: () => Promise<void>): void {
    this.tail = this.tail.then(task).catch((error: unknown) => {
      this.logger.error('call ledger task failed', (error as Error).stack);
    });
  }

  private async write(change: CallLedgerChange): Promise<void> {
    const written = await this.withRetry(`[${change.facts.uniqueid}] writing ${change.kind}`, () =>
      this.repository.upsert(change.facts),
    );
    // A row already final (another instance, a replay) was not touched: its events went out then.
    if (written === false) return;
    this.bus.emit(EVENT_OF[change.kind], change.facts satisfies CallFacts);
  }

  private async withRetry<T>(what: string, task: () => Promise<T>): Promise<T | undefined> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await task();
      } catch (error) {
        const delay = RETRY_DELAYS_MS[attempt];
        if (delay === undefined) {
          this.logger.error(`${what} failed for good`, (error as Error).stack);
          return undefined;
        }
        this.logger.warn(`${what} failed (${(error as Error).message}), retrying in ${delay} ms`);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}
