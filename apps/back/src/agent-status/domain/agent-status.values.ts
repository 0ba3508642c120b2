/** Every status an agent can be in; the database CHECK constraints list the same values. */
export const AGENT_STATUSES = [
  'ONLINE',
  'OFFLINE',
  'PAUSE',
  'BREAK',
  'TRAINING',
  'MEETING',
  'WRAP_UP',
  'DO_NOT_DISTURB',
  'ON_CALL',
] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

/** Who caused a status change: the agent, a rule reacting to the PBX, or the platform itself. */
export const AGENT_STATUS_SOURCES = ['manual', 'auto', 'system'] as const;
export type AgentStatusSource = (typeof AGENT_STATUS_SOURCES)[number];
