/**
 * Who could take a dialer call right now: members of the queue whose agent status is ONLINE and who are
 * not in a call. A small port so the lead can point it at the agent-status feature's own query.
 */
export interface DialerAgentAvailability {
  /** Extensions, best candidates first. */
  idleAgents(queue: string): Promise<string[]>;
}

export const DIALER_AGENT_AVAILABILITY = Symbol('DIALER_AGENT_AVAILABILITY');
