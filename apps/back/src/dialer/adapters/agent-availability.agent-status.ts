import { Injectable } from '@nestjs/common';
import { AgentAvailabilityService } from '../../agent-status/agent-availability.service';
import type { DialerAgentAvailability } from '../dialer-agent-availability.port';

/** The dialer's free agents are agent status's: the rules for calls, wrap-up and pauses live there only. */
@Injectable()
export class AgentStatusAvailability implements DialerAgentAvailability {
  constructor(private readonly agents: AgentAvailabilityService) {}

  idleAgents(queue: string): Promise<string[]> {
    return this.agents.freeAgentsOf(queue);
  }

  callOfQueue(agentChannelId: string, queue: string): Promise<void> {
    return this.agents.callOfQueue(agentChannelId, queue);
  }
}
