import { Injectable, NotFoundException } from '@nestjs/common';
import type { AgentMetrics } from '@cc/contracts';
import { AgentMetricsRepository } from './adapters/agent-metrics.repository';
import { computeAgentMetrics, type MetricsRange } from './domain/agent-metrics';

/** Loads an agent's history and ledger rows for a range and computes their metrics. */
@Injectable()
export class AgentMetricsService {
  constructor(private readonly repository: AgentMetricsRepository) {}

  async forAgent(extension: string, range: MetricsRange): Promise<AgentMetrics> {
    if (!(await this.repository.isAgent(extension)))
      throw new NotFoundException(`No agent has extension ${extension}`);
    const rows = await this.repository.rows([extension], range);
    const { periods, calls } = rows.get(extension) ?? { periods: [], calls: [] };
    return computeAgentMetrics(extension, periods, calls, range);
  }

  async forAll(range: MetricsRange): Promise<AgentMetrics[]> {
    const extensions = await this.repository.agentExtensions();
    const rows = await this.repository.rows(extensions, range);
    return extensions.map((extension) => {
      const { periods, calls } = rows.get(extension) ?? { periods: [], calls: [] };
      return computeAgentMetrics(extension, periods, calls, range);
    });
  }
}
