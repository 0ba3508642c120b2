/**
 * Who could take a dialer call right now, as agent status knows it (ONLINE members of the queue: not on
 * a call, not in wrap-up, not paused), and the queue a dialer call belongs to, so that agent status ends
 * it with that queue's wrap-up. A port so the dialer's logic does not depend on how agent status stores it.
 */
export interface DialerAgentAvailability {
  /** Extensions, best candidates first. */
  idleAgents(queue: string): Promise<string[]>;
  /** The call about to ring the agent on channel `agentChannelId` is work of `queue`. */
  callOfQueue(agentChannelId: string, queue: string): Promise<void>;
}

export const DIALER_AGENT_AVAILABILITY = Symbol('DIALER_AGENT_AVAILABILITY');
