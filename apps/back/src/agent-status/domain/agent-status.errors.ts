import type { AgentStatus } from '@cc/contracts';

export type AgentStatusErrorCode =
  'unknown-agent' | 'invalid-reason' | 'automatic-status' | 'unknown-pause-reason' | 'duplicate-pause-reason';

/** A refusal of the agent-status feature; the controller's filter maps the code to HTTP. */
export class AgentStatusError extends Error {
  constructor(
    readonly code: AgentStatusErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AgentStatusError';
  }

  static unknownAgent(extension: string): AgentStatusError {
    return new AgentStatusError('unknown-agent', `No agent has extension ${extension}`);
  }

  static invalidReason(status: AgentStatus, reason: string, valid: readonly string[]): AgentStatusError {
    const list = valid.length === 0 ? 'none (leave reason empty)' : valid.join(', ');
    return new AgentStatusError(
      'invalid-reason',
      `reason "${reason}" is not in the pause-reason catalogue for ${status}; valid reasons: ${list}`,
    );
  }

  static automaticStatus(status: AgentStatus): AgentStatusError {
    return new AgentStatusError(
      'automatic-status',
      `status ${status} is set by the platform from the calls and cannot be requested`,
    );
  }
}
