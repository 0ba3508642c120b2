import { deviceStateObservation, type EndpointObservation } from './endpoint-debounce';

/** What each list action answered; null when that action failed or timed out. */
export interface EndpointLists {
  /** PJSIPShowRegistrationInboundContactStatuses: endpoint -> statuses of its registered contacts. */
  contacts: ReadonlyMap<string, readonly string[]> | null;
  /** DeviceStateList: device (`PJSIP/1001`) -> state name. */
  devices: ReadonlyMap<string, string> | null;
  /** QueueStatus members: interface (`PJSIP/1001`) -> numeric device status (5 unavailable). */
  members: ReadonlyMap<string, number> | null;
  /** Agents: app_agent_pool agent id -> AGENT_LOGGEDOFF / AGENT_IDLE / AGENT_ONCALL. */
  agents: ReadonlyMap<string, string> | null;
}

/**
 * The safety net's verdict for one extension, by the rule of docs/agent-status.md. The most direct
 * witness that answered wins:
 * 1. the PJSIP contact statuses are the registrations themselves: a Reachable or NonQualified contact
 *    is up; no contact, or only Unreachable ones, is down;
 * 2. else DeviceStateList, which covers every device: UNAVAILABLE/INVALID down, UNKNOWN no verdict;
 * 3. else QueueStatus, which shows the device state of members only: 5 (UNAVAILABLE) or 4 down;
 * 4. else Agents, which sees only app_agent_pool agents: AGENT_LOGGEDOFF down.
 * Null when no list that answered knows the extension.
 */
export function endpointVerdict(extension: string, lists: EndpointLists): EndpointObservation | null {
  const iface = `PJSIP/${extension}`;
  if (lists.contacts !== null) {
    const statuses = lists.contacts.get(extension) ?? [];
    return statuses.some((s) => s === 'Reachable' || s === 'NonQualified') ? 'up' : 'down';
  }
  const device = lists.devices?.get(iface);
  if (device !== undefined) {
    const observed = deviceStateObservation(device);
    if (observed !== null) return observed;
  }
  const member = lists.members?.get(iface);
  if (member !== undefined && member !== 0) return member === 4 || member === 5 ? 'down' : 'up';
  const agent = lists.agents?.get(extension);
  if (agent !== undefined) return agent === 'AGENT_LOGGEDOFF' ? 'down' : 'up';
  return null;
}
