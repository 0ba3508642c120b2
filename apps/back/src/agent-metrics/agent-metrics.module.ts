import { Module } from '@nestjs/common';
import { AgentMetricsRepository } from './adapters/agent-metrics.repository';
import { AgentMetricsController } from './agent-metrics.controller';
import { AgentMetricsService } from './agent-metrics.service';

/**
 * Per-agent metrics over a range, read from the status history and the call ledger alone. Imports no
 * feature module: it only reads the tables agent-status and calls write.
 */
@Module({
  controllers: [AgentMetricsController],
  providers: [AgentMetricsRepository, AgentMetricsService],
})
export class AgentMetricsModule {}
