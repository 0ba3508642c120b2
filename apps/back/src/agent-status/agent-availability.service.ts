import { Injectable } from '@nestjs/common';
import { AgentStatusRepository } from './adapters/agent-status.repository';
import { CallQueueAttributions } from './adapters/call-queue.redis';

/**
 * What other features may ask agent status about who can take work: the agents of a queue free now
 * (ONLINE: a call, a wrap-up or a pause makes them busy, and the status is where those rules live), and
 * a way to tell it that a call placed outside Asterisk's queues is still a queue's call, so that its end
 * brings that queue's wrap-up. Changes are announced by `agent.status.changed`.
 */
@Injectable()
export class AgentAvailabilityService {
  constructor(
    private readonly repository: AgentStatusRepository,
    private readonly attributions: CallQueueAttributions,
  ) {}

  /** Extensions of `queue` free to take a call now, longest free first. */
  freeAgentsOf(queue: string): Promise<string[]> {
    return this.repository.onlineMembersOf(queue);
  }

  /** The call whose agent channel will have Uniqueid `agentChannelUniqueid` is work of `queue`. */
  callOfQueue(agentChannelUniqueid: string, queue: string): Promise<void> {
    return this.attributions.attribute(agentChannelUniqueid, queue);
  }
}
