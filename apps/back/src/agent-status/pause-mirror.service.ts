import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { queuePause, type AmiOutgoingFields } from '@cc/ami';
import { AMI_ACTION_PORT, type AmiActionPort } from '../ami/ami-action.port';
import type { AppEvents } from '../events/app-events';
import { OnAppEvent } from '../events/on-app-event.decorator';
import { AgentStatusRepository, type AgentRow } from './adapters/agent-status.repository';
import { ObservedPauseReader } from './adapters/observed-pause.reader';
import { pauseActionsForChange, type PauseAction } from './domain/pause-reconcile';

const FIRST_RETRY_MS = 200;
// Queue membership configuration changes rarely; re-reading it for every status change costs a query.
const INTERFACES_TTL_MS = 30_000;
const MAX_RETRY_MS = 10_000;
// app_queue.c answers this when the interface is in no queue: nothing to mirror, retrying cannot help.
const NOT_A_MEMBER = 'Interface not found';

/**
 * Mirrors each agent's desired pause to Asterisk and never gives up: a failed or timed-out QueuePause
 * is retried with backoff until it lands or a newer status supersedes it. Per agent, one worker at a
 * time applies the latest committed state (handed over, else read from Postgres), so bursts of changes coalesce.
 */
@Injectable()
export class PauseMirrorService implements OnApplicationShutdown {
  private readonly logger = new Logger(PauseMirrorService.name);
  private readonly workers = new Map<string, { again: boolean }>();
  /** The latest committed row per agent handed over by the status service, so no re-read is needed. */
  private readonly latest = new Map<string, AgentRow>();
  private readonly lastApplied = new Map<string, number>();
  private stopped = false;
  private readonly wakers = new Set<() => void>();
  private readonly interfaces = new Map<string, { list: string[]; until: number }>();

  constructor(
    private readonly repository: AgentStatusRepository,
    private readonly observed: ObservedPauseReader,
    @Inject(AMI_ACTION_PORT) private readonly ami: AmiActionPort,
  ) {}

  onApplicationShutdown(): void {
    this.stopped = true;
    this.wakers.forEach((wake) => wake());
  }

  /** Asterisk is back: retry every waiting change now rather than at the end of its backoff. */
  @OnAppEvent('ami.connection.changed')
  onAmiConnection(event: AppEvents['ami.connection.changed']): void {
    if (event.state === 'up') this.wakers.forEach((wake) => wake());
  }

  /**
   * Mirror this agent's current status to Asterisk (now, and again until it lands). `row` is the state
   * just committed; without it the worker reads the row from Postgres.
   */
  schedule(extension: string, row?: AgentRow): void {
    if (row) this.latest.set(extension, row);
    const running = this.workers.get(extension);
    if (running) {
      running.again = true;
      return;
    }
    const worker = { again: true };
    this.workers.set(extension, worker);
    void this.work(extension, worker);
  }

  /** True while a change is being mirrored or was mirrored less than `ms` ago (the live state may lag). */
  isSettling(extension: string, ms: number): boolean {
    return this.workers.has(extension) || Date.now() - (this.lastApplied.get(extension) ?? 0) < ms;
  }

  /** Sends actions the reconciler decided; throws when one fails. */
  async send(extension: string, actions: readonly PauseAction[]): Promise<void> {
    for (const action of actions) await this.sendOne(extension, action);
    this.lastApplied.set(extension, Date.now());
  }

  /** Resolves once no change is waiting to be mirrored (tests and benchmarks). */
  async idle(): Promise<void> {
    while (this.workers.size > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  private async work(extension: string, worker: { again: boolean }): Promise<void> {
    let failures = 0;
    while (worker.again && !this.stopped) {
      worker.again = false;
      try {
        await this.applyCurrent(extension);
        if (failures > 0)
          this.logger.log(`[${extension}] queue pause mirrored after ${failures} failed attempts`);
        failures = 0;
      } catch (error) {
        failures += 1;
        worker.again = true;
        const delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (failures - 1));
        this.logger.warn(
          `[${extension}] mirroring the queue pause failed (${(error as Error).message}); retry ${failures} in ${delay} ms`,
        );
        await this.sleep(delay * (0.8 + Math.random() * 0.4));
      }
    }
    this.workers.delete(extension);
  }

  private async applyCurrent(extension: string): Promise<void> {
    const row = this.latest.get(extension) ?? (await this.repository.find(extension));
    this.latest.delete(extension);
    if (!row) return;
    const interfaces = await this.interfacesOf(extension);
    const memberships = row.status === 'ONLINE' ? await this.observed.of(interfaces) : null;
    const actions = pauseActionsForChange(
      row.status,
      row.reason,
      interfaces,
      memberships === null ? null : { platformPauseReason: row.platformPauseReason, memberships },
    );
    await this.send(extension, actions);
  }

  private async sendOne(extension: string, action: PauseAction): Promise<void> {
    // The port's own timeout (AMI_ACTION_TIMEOUT_MS) applies; a timeout rejects and is retried.
    const outcome = await this.ami.send(queuePauseOf(action));
    if (outcome.success) return;
    if (outcome.message.includes(NOT_A_MEMBER)) {
      this.logger.debug(`[${extension}] ${action.interface} is in no queue: nothing to pause`);
      return;
    }
    throw new Error(`QueuePause ${action.interface} answered: ${outcome.message}`);
  }

  private async interfacesOf(extension: string): Promise<string[]> {
    const cached = this.interfaces.get(extension);
    if (cached && cached.until > Date.now()) return cached.list;
    const configured = await this.repository.interfacesOf(extension);
    // Without queue configuration in Postgres, the PJSIP device of the extension is the member.
    const list = configured.length > 0 ? configured : [`PJSIP/${extension}`];
    this.interfaces.set(extension, { list, until: Date.now() + INTERFACES_TTL_MS });
    return list;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        wakers.delete(done);
        resolve();
      }
      const wakers = this.wakers;
      wakers.add(done);
    });
  }
}

/** QueuePause as app_queue.c's manager_queue_member_pause reads it: no Queue = every queue of the interface. */
function queuePauseOf(action: PauseAction): AmiOutgoingFields {
  return queuePause({
    queue: action.queue ?? undefined,
    interface: action.interface,
    paused: action.paused,
    reason: action.paused && action.reason !== null ? action.reason : undefined,
  });
}
