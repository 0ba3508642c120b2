import type { AgentStatus, AgentStatusView, ChannelStatusData, OperatorStatusData } from '@cc/contracts';

/** One line of the supervisor's agent grid: the platform's status joined with Asterisk's live state. */
export interface AgentRow {
  extension: string;
  name: string;
  status: AgentStatus | null;
  reason: string | null;
  statusChangedAt: string | null;
  nextStatus: AgentStatus | null;
  queues: string[];
  caller: string | null;
  callQueue: string | null;
  callSince: string | null;
  callsTaken: number;
}

const extensionOf = (iface: string): string => iface.replace(/^PJSIP\//, '');

// Code-unit order rather than localeCompare: extensions and status names are ASCII, and the grid sorts
// a thousand rows many times a second under load, where localeCompare costs whole milliseconds.
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function agentRows(
  agents: readonly AgentStatusView[],
  operators: readonly OperatorStatusData[],
): AgentRow[] {
  const byExtension = new Map<string, AgentRow>();
  const row = (extension: string): AgentRow => {
    let existing = byExtension.get(extension);
    if (!existing) {
      existing = {
        extension,
        name: extension,
        status: null,
        reason: null,
        statusChangedAt: null,
        nextStatus: null,
        queues: [],
        caller: null,
        callQueue: null,
        callSince: null,
        callsTaken: 0,
      };
      byExtension.set(extension, existing);
    }
    return existing;
  };
  for (const agent of agents) {
    Object.assign(row(agent.extension), {
      status: agent.status,
      reason: agent.reason,
      statusChangedAt: agent.statusChangedAt,
      nextStatus: agent.nextStatus,
    });
  }
  for (const member of operators) {
    const target = row(extensionOf(member.interface));
    if (target.name === target.extension) target.name = member.name;
    target.queues.push(member.queue);
    // Asterisk counts calls per membership; the agent's total is their sum.
    target.callsTaken += member.callsTaken;
    if (member.currentCall) {
      target.caller = member.currentCall.caller;
      target.callQueue = member.queue;
      target.callSince = member.currentCall.since;
    }
  }
  return [...byExtension.values()].sort((a, b) => byText(a.extension, b.extension));
}

export type AgentSort = 'extension' | 'status' | 'time';

export interface AgentFilter {
  queue: string | null;
  search: string;
  sort: AgentSort;
}

export function filterAgentRows(rows: readonly AgentRow[], filter: AgentFilter): AgentRow[] {
  const needle = filter.search.trim().toLowerCase();
  const kept = rows.filter(
    (row) =>
      (!filter.queue || row.queues.includes(filter.queue)) &&
      (!needle ||
        row.extension.includes(needle) ||
        row.name.toLowerCase().includes(needle) ||
        (row.reason ?? '').toLowerCase().includes(needle)),
  );
  const byTime = (row: AgentRow): number =>
    row.statusChangedAt ? Date.parse(row.statusChangedAt) : Infinity;
  const compare: Record<AgentSort, (a: AgentRow, b: AgentRow) => number> = {
    extension: (a, b) => byText(a.extension, b.extension),
    status: (a, b) => byText(a.status ?? '', b.status ?? '') || byText(a.extension, b.extension),
    // Longest in status first: who has been paused the longest is who the supervisor looks for.
    time: (a, b) => byTime(a) - byTime(b),
  };
  return kept.sort(compare[filter.sort]);
}

/** Calls in progress: bridged channels, one line per call (the caller's side). */
export function activeCalls(channels: readonly ChannelStatusData[]): ChannelStatusData[] {
  const seen = new Set<string>();
  return channels
    .filter((channel) => channel.bridgeId !== null || channel.queue !== null)
    .filter((channel) => {
      if (seen.has(channel.linkedId)) return false;
      seen.add(channel.linkedId);
      return true;
    });
}

export interface AgentPage {
  rows: AgentRow[];
  /** 0-based, clamped to the pages there are. */
  page: number;
  pages: number;
  /** 1-based positions of the first and last row shown; 0 and 0 when there are none. */
  first: number;
  last: number;
  total: number;
}

/**
 * One page of the grid. A wall of 1,000 rows re-rendered at every change keeps the main thread busy for
 * longer than a frame; a page of a few dozen does not, and a supervisor reads no more at once.
 */
export function pageOf(rows: readonly AgentRow[], page: number, size: number): AgentPage {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const current = Math.min(Math.max(0, Math.floor(page)), pages - 1);
  const start = current * size;
  const shown = rows.slice(start, start + size);
  return {
    rows: shown,
    page: current,
    pages,
    first: shown.length ? start + 1 : 0,
    last: start + shown.length,
    total: rows.length,
  };
}
