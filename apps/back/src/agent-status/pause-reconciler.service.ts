import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { AGENT_STATUSES } from '@cc/contracts';
import { agentStatusConfig, type AgentStatusConfig } from '../config/agent-status.config';
import { OnAppEvent } from '../events/on-app-event.decorator';
import type { AppEvents } from '../events/app-events';
import { AgentStatusRepository } from './adapters/agent-status.repository';
import { ObservedPauseReader } from './adapters/observed-pause.reader';
import { AgentStatusService } from './agent-status.service';
import { reconcileAgentPause, statusForOutsidePause } from './domain/pause-reconcile';
import { PauseMirrorService } from './pause-mirror.service';
import { PauseReasonsService } from './pause-reasons.service';
import { AppEventBus } from '../events/app-event.bus';

// The live state reaches Redis a few ms after Asterisk's event; a change younger than this is left to its mirror.
const SETTLE_MS = 1500;
// After a login the live state is rebuilt from Asterisk's lists before it can be compared.
const AFTER_LOGIN_MS = 1000;
// A member's pause changed in Asterisk: look again soon (an outside pause to adopt), once per burst.
const AFTER_MEMBER_CHANGE_MS = 1000;

/**
 * Desired (Postgres) vs observed (Asterisk, through the live state), for every agent: on each AMI
 * login, after each rebuild and every AGENT_STATUS_RECONCILE_MS. Differences are fixed and counted
 * (`agent_status_pause_drift_total`); an outside pause on all of an ONLINE agent's queues is adopted.
 * Runs on the instance that holds the AMI event session, so one instance reconciles.
 */
@Injectable()
export class PauseReconcilerService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(PauseReconcilerService.name);
  private amiUp = false;
  private running: Promise<number> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private loginTimer: NodeJS.Timeout | null = null;
  private changeTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly repository: AgentStatusRepository,
    private readonly observed: ObservedPauseReader,
    private readonly mirror: PauseMirrorService,
    private readonly agents: AgentStatusService,
    private readonly reasons: PauseReasonsService,
    @Inject(agentStatusConfig.KEY) private readonly config: AgentStatusConfig,
    private readonly bus: AppEventBus,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.reconcileIfIngesting(), this.config.reconcileIntervalMs);
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.loginTimer) clearTimeout(this.loginTimer);
    if (this.changeTimer) clearTimeout(this.changeTimer);
  }

  @OnAppEvent('ami.connection.changed')
  onAmiConnection(event: AppEvents['ami.connection.changed']): void {
    this.amiUp = event.state === 'up';
    if (!this.amiUp) return;
    if (this.loginTimer) clearTimeout(this.loginTimer);
    this.loginTimer = setTimeout(() => void this.reconcileIfIngesting(), AFTER_LOGIN_MS);
  }

  @OnAppEvent('live.state.rebuilt')
  onRebuilt(_event: AppEvents['live.state.rebuilt']): void {
    void this.reconcileIfIngesting();
  }

  @OnAppEvent('live.state.changed')
  onLiveChanges(event: AppEvents['live.state.changed']): void {
    if (this.changeTimer || !event.changes.some((c) => c.kind === 'operator')) return;
    this.changeTimer = setTimeout(() => {
      this.changeTimer = null;
      void this.reconcileIfIngesting();
    }, AFTER_MEMBER_CHANGE_MS);
  }

  /** One pass over every agent; returns the memberships fixed (an adoption counts none). */
  reconcile(): Promise<number> {
    // Overlapping triggers (login, rebuild, timer) share the pass in progress.
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  private async reconcileIfIngesting(): Promise<void> {
    if (!this.amiUp) return;
    try {
      await this.reconcile();
    } catch (error) {
      this.logger.warn(`pause reconcile failed: ${(error as Error).message}`);
    }
  }

  private async pass(): Promise<number> {
    const observed = await this.observed.all();
    if (observed === null) return 0;
    const [rows, interfaces, catalogue] = await Promise.all([
      this.repository.list(),
      this.repository.interfacesByExtension(),
      this.reasons.statusByReason(),
    ]);
    let fixed = 0;
    for (const row of rows) {
      if (this.mirror.isSettling(row.extension, SETTLE_MS)) continue;
      const ifaces = interfaces.get(row.extension) ?? [`PJSIP/${row.extension}`];
      const decision = reconcileAgentPause({
        status: row.status,
        reason: row.reason,
        platformPauseReason: row.platformPauseReason,
        memberships: ifaces.flatMap((iface) => observed.get(iface) ?? []),
      });
      if (decision.kind === 'fix') {
        fixed += decision.actions.length;
        // Counted by PauseDriftMetrics; the bus turns it into a system.alert for supervisors: it means
        // Asterisk was changed behind us.
        const at = new Date().toISOString();
        for (const action of decision.actions) {
          this.bus.emit('agent.pause.drift.detected', {
            extension: row.extension,
            queue: action.queue,
            expectedPaused: action.paused,
            actualPaused: !action.paused,
            at,
          });
        }
        this.logger.warn(
          `[${row.extension}] Asterisk's pause differs from ${row.status} on ${decision.actions.map((a) => a.queue).join(', ')}: fixing`,
        );
        // A failed fix is handed to the mirror, which retries until it lands.
        await this.mirror
          .send(row.extension, decision.actions)
          .catch(() => this.mirror.schedule(row.extension));
      } else if (decision.kind === 'adopt') {
        const reason = decision.reason === '' ? null : decision.reason;
        const status = statusForOutsidePause(decision.reason, catalogue, AGENT_STATUSES);
        this.logger.log(
          `[${row.extension}] paused outside the platform on every queue (${reason}): adopting ${status}`,
        );
        await this.agents.setStatus(row.extension, status, { reason, source: 'pbx', actor: null });
      }
    }
    return fixed;
  }
}
