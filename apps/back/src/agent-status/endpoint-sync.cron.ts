import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { CronJob } from 'cron';
import { agentStatusConfig, type AgentStatusConfig } from '../config/agent-status.config';
import { AgentStatusRepository } from './adapters/agent-status.repository';
import { EndpointListsAmiReader } from './adapters/endpoint-lists.ami-reader';
import { endpointVerdict } from './domain/endpoint-sync.merge';
import { EndpointTracker } from './endpoint.tracker';

/**
 * The safety net behind the event-driven endpoint tracking (ENDPOINT_SYNC_CRON, every 5 minutes by
 * default): asks Asterisk for Agents, PJSIPShowRegistrationInboundContactStatuses, DeviceStateList
 * and QueueStatus in parallel, merges them by the rule in docs/agent-status.md and applies each
 * agent's verdict. One list failing does not stop the others. Runs where AMI is connected.
 */
@Injectable()
export class EndpointSyncCron implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EndpointSyncCron.name);
  private job: CronJob | null = null;

  constructor(
    private readonly lists: EndpointListsAmiReader,
    private readonly repository: AgentStatusRepository,
    private readonly tracker: EndpointTracker,
    @Inject(agentStatusConfig.KEY) private readonly config: AgentStatusConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.job = CronJob.from({
      cronTime: this.config.endpointSyncCron,
      onTick: () => void this.sync(),
      start: true,
    });
  }

  onApplicationShutdown(): void {
    void this.job?.stop();
  }

  /** One sync now; returns how many agents had a verdict. */
  async sync(): Promise<number> {
    if (!this.lists.available) return 0;
    try {
      const lists = await this.lists.read();
      if (lists.failed.length > 0)
        this.logger.warn(`endpoint sync: ${lists.failed.join(', ')} failed; using the other lists`);
      let verdicts = 0;
      for (const agent of await this.repository.list()) {
        const verdict = endpointVerdict(agent.extension, lists);
        if (verdict === null) continue;
        verdicts += 1;
        await this.tracker.confirmed(agent.extension, verdict);
      }
      return verdicts;
    } catch (error) {
      this.logger.warn(`endpoint sync failed: ${(error as Error).message}`);
      return 0;
    }
  }
}
