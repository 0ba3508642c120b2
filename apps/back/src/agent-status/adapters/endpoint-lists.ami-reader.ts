import { Inject, Injectable } from '@nestjs/common';
import type { AmiEvent } from '@cc/ami';
import { AmiEventListReader } from '../../ami/ami-event-list.reader';
import { agentStatusConfig, type AgentStatusConfig } from '../../config/agent-status.config';
import type { EndpointLists } from '../domain/endpoint-sync.merge';

/**
 * The four lists of the endpoint safety net, asked in parallel. One that fails or times out is null;
 * the others still count.
 */
@Injectable()
export class EndpointListsAmiReader {
  constructor(
    private readonly lists: AmiEventListReader,
    @Inject(agentStatusConfig.KEY) private readonly config: AgentStatusConfig,
  ) {}

  get available(): boolean {
    return this.lists.available;
  }

  async read(): Promise<EndpointLists & { failed: string[] }> {
    const actions = [
      'PJSIPShowRegistrationInboundContactStatuses',
      'DeviceStateList',
      'QueueStatus',
      'Agents',
    ] as const;
    const results = await Promise.allSettled(actions.map((name) => this.list(name)));
    const [contacts, devices, members, agents] = results.map((r) =>
      r.status === 'fulfilled' ? r.value : null,
    );
    const failed = actions.filter((_, i) => results[i].status === 'rejected');
    return {
      failed,
      contacts: contacts === null ? null : groupContacts(contacts),
      devices:
        devices === null
          ? null
          : new Map(devices.flatMap((e) => (e.type === 'DeviceStateChange' ? [[e.device, e.state]] : []))),
      members:
        members === null
          ? null
          : new Map(members.flatMap((e) => (e.type === 'QueueMember' ? [[e.interface, e.status]] : []))),
      agents:
        agents === null
          ? null
          : new Map(agents.flatMap((e) => (e.type === 'Agents' ? [[e.agent, e.status]] : []))),
    };
  }

  private list(action: string): Promise<AmiEvent[]> {
    return this.lists.read(action, this.config.amiTimeoutMs);
  }
}

function groupContacts(events: readonly AmiEvent[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const e of events) {
    if (e.type !== 'ContactStatusDetail') continue;
    const endpoint = e.endpointName || e.aor;
    map.set(endpoint, [...(map.get(endpoint) ?? []), e.status]);
  }
  return map;
}
