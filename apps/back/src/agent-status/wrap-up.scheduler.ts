import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Counter, type Registry } from 'prom-client';
import { agentStatusConfig, type AgentStatusConfig } from '../config/agent-status.config';
import { METRICS_REGISTRY } from '../metrics/metrics.tokens';
import { AgentStatusRepository } from './adapters/agent-status.repository';
import { AgentStatusService, type TransitionOutcome } from './agent-status.service';

const BATCH = 50;

/**
 * Ends wrap-ups when their deadline (in Postgres) passes. Every instance polls; the due rows are
 * taken with `FOR UPDATE SKIP LOCKED` and the transition re-checks the state under the lock, so
 * each wrap-up ends exactly once however many instances run, and a restart loses none.
 */
@Injectable()
export class WrapUpScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WrapUpScheduler.name);
  private readonly ended: Counter<string>;
  private timer: NodeJS.Timeout | null = null;
  private busy = false;

  constructor(
    private readonly repository: AgentStatusRepository,
    private readonly agents: AgentStatusService,
    @Inject(agentStatusConfig.KEY) private readonly config: AgentStatusConfig,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.ended = new Counter({
      name: 'agent_status_wrapups_ended_total',
      help: 'Wrap-ups this instance ended at their deadline',
      registers: [registry],
    });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.wrapUpPollMs);
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Ends every wrap-up that is due now; returns how many this call ended. */
  async endDue(): Promise<number> {
    const now = new Date();
    const outcomes = await this.repository.transaction(async (manager) => {
      const rows = await this.repository.lockDueWrapUps(manager, now, BATCH);
      const done: TransitionOutcome[] = [];
      for (const row of rows)
        done.push(await this.agents.transition(manager, row, { type: 'wrap-up-due' }, now));
      return done;
    });
    for (const outcome of outcomes) this.agents.publish(outcome);
    const count = outcomes.filter((o) => o.statusChanged).length;
    this.ended.inc(count);
    return count;
  }

  private async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      while ((await this.endDue()) === BATCH);
    } catch (error) {
      this.logger.warn(`ending due wrap-ups failed: ${(error as Error).message}`);
    } finally {
      this.busy = false;
    }
  }
}
