import type { UserRole } from '@cc/contracts';
import type { NodeEnv } from '../config/env.schema';
import { DEMO_AGENTS, DEMO_QUEUES, demoInterface, type DemoAgent, type DemoQueue } from '@cc/pbx-sim';

export interface SeedQueueMember {
  interface: string;
  memberName: string;
  extension: string;
  penalty: number;
}

export interface SeedQueue {
  name: string;
  strategy: string;
  wrapupSeconds: number;
  serviceLevelSeconds: number;
  members: SeedQueueMember[];
}

export interface SeedUser {
  username: string;
  password: string;
  role: UserRole;
  extension: string | null;
}

export const DEMO_SUPERVISOR: SeedUser = {
  username: 'supervisor',
  password: 'supervisor',
  role: 'supervisor',
  extension: null,
};
export const DEMO_AGENT_PASSWORD = 'demo';

/** The queues and static members of the demo topology shared with the simulator and asterisk/. */
export function planDemoQueues(
  queues: readonly DemoQueue[] = DEMO_QUEUES,
  agents: readonly DemoAgent[] = DEMO_AGENTS,
): SeedQueue[] {
  const nameOf = new Map(agents.map((agent) => [agent.extension, agent.name]));
  return queues.map((queue) => ({
    name: queue.name,
    strategy: queue.strategy,
    wrapupSeconds: queue.wrapupSeconds,
    serviceLevelSeconds: queue.serviceLevelSeconds,
    // queues.conf gives every static member penalty 0; the list order is the ring order.
    members: queue.members.map((extension) => ({
      interface: demoInterface(extension),
      memberName: nameOf.get(extension) ?? `Agent ${extension}`,
      extension,
      penalty: 0,
    })),
  }));
}

/** Demo logins: a supervisor and one operator per agent extension. Never for production. */
export function planDemoUsers(agents: readonly DemoAgent[] = DEMO_AGENTS): SeedUser[] {
  return [
    DEMO_SUPERVISOR,
    ...agents.map((agent) => ({
      username: `agent${agent.extension}`,
      password: DEMO_AGENT_PASSWORD,
      role: 'operator' as const,
      extension: agent.extension,
    })),
  ];
}

export interface SeedUsersInput {
  nodeEnv: NodeEnv;
  adminUsername: string;
  adminPassword: string;
}

/** The admin account always; the demo logins everywhere except production. */
export function planSeedUsers(input: SeedUsersInput): SeedUser[] {
  const admin: SeedUser = {
    username: input.adminUsername,
    password: input.adminPassword,
    role: 'admin',
    extension: null,
  };
  return input.nodeEnv === 'production' ? [admin] : [admin, ...planDemoUsers()];
}
