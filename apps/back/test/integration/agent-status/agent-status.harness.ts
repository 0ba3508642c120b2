import { AGENT_STATUSES, type AgentStatusChangedEvent, type AgentStatusView } from '@cc/contracts';
import { generatedTopology, type PbxSimulator } from '@cc/pbx-sim';
import { DataSource } from 'typeorm';
import type { RawEnv } from '../../../src/config/env.schema';
import { AppEventBus } from '../../../src/events/app-event.bus';
import { PauseMirrorService } from '../../../src/agent-status/pause-mirror.service';
import { PauseReconcilerService } from '../../../src/agent-status/pause-reconciler.service';
import {
  createLiveStatusApp,
  startSimulator,
  waitUntil,
  type LiveStatusTestApp,
} from '../../support/live-status-harness';
import type { TestAppOptions, TestUser } from '../../support/test-app';

/** Short timings so every scenario runs in seconds. */
export const FAST_AGENT_ENV: RawEnv = {
  AGENT_STATUS_RECONCILE_MS: '400',
  ENDPOINT_DEBOUNCE_MS: '300',
  AGENT_WRAPUP_POLL_MS: '100',
  AGENT_WRAPUP_DEFAULT_SECONDS: '1',
};

export interface AgentStatusTestApp extends LiveStatusTestApp {
  agents: Map<string, TestUser>;
  supervisor: TestUser;
  events: AgentStatusChangedEvent[];
  reconciler: PauseReconcilerService;
  mirror: PauseMirrorService;
  putStatus(
    extension: string,
    body: object,
    token?: string,
  ): Promise<{ status: number; body: AgentStatusView & { message?: string } }>;
  agent(extension: string): Promise<AgentStatusView>;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
}

/** The real app ingesting from `sim`, with an operator user per extension; resolves once AMI is live. */
export async function createAgentStatusApp(
  sim: PbxSimulator,
  extensions: readonly string[],
  options: TestAppOptions & { standby?: boolean } = {},
): Promise<AgentStatusTestApp> {
  const t = await createLiveStatusApp(sim, {
    ...options,
    env: { ...FAST_AGENT_ENV, ...options.env },
  });
  const dataSource = t.app.get(DataSource);
  const query = <T>(sql: string, params?: unknown[]): Promise<T[]> => dataSource.query(sql, params);
  const events: AgentStatusChangedEvent[] = [];
  t.app.get(AppEventBus).on('agent.status.changed', (e) => void events.push(e));
  const agents = new Map<string, TestUser>();
  for (const extension of extensions) {
    const existing = await query<{ id: string }>(`SELECT id FROM users WHERE extension = $1`, [extension]);
    if (existing.length === 0) agents.set(extension, await quickOperator(t, query, extension));
  }
  const supervisor = await t.createUser({ role: 'supervisor', extension: '2001' });
  // A second instance sharing the lease stays standby: it never ingests.
  if (!options.standby)
    await waitUntil(
      () => t.ingestion.ingestorStatus.mode === 'live',
      10_000,
      () => 'AMI ingestion live',
    );
  const putStatus = async (extension: string, body: object, token?: string) => {
    const res = await t.http
      .put(`/api/agents/${extension}/status`)
      .set('Authorization', `Bearer ${token ?? agents.get(extension)?.token ?? supervisor.token}`)
      .send(body);
    return { status: res.status, body: res.body as AgentStatusView & { message?: string } };
  };
  return {
    ...t,
    agents,
    supervisor,
    events,
    reconciler: t.app.get(PauseReconcilerService),
    mirror: t.app.get(PauseMirrorService),
    putStatus,
    agent: async (extension) => {
      const res = await t.http
        .get(`/api/agents/${extension}`)
        .set('Authorization', `Bearer ${supervisor.token}`);
      if (res.status !== 200)
        throw new Error(`GET /api/agents/${extension} answered ${res.status}: ${res.text}`);
      return res.body as AgentStatusView;
    },
    query,
  };
}

/**
 * An operator inserted directly: hashing a password per user (as UsersService does, on purpose slowly)
 * would cost seconds for twenty agents, and these tests sign in with tokens only.
 */
async function quickOperator(
  t: LiveStatusTestApp,
  query: <T>(sql: string, params?: unknown[]) => Promise<T[]>,
  extension: string,
): Promise<TestUser> {
  const username = `agent_${extension}_${Math.random().toString(36).slice(2, 8)}`;
  const [row] = await query<{ id: string }>(
    `INSERT INTO users (username, password_hash, role, extension) VALUES ($1, 'not-a-hash', 'operator', $2) RETURNING id`,
    [username, extension],
  );
  const user = { id: row.id, username, role: 'operator' as const, extension };
  return { user, password: '', token: await t.tokenFor(user) };
}

/** The 20 agents (1001-1020) of the random-transition scenarios. */
export const TWENTY_AGENTS = Array.from({ length: 20 }, (_, i) => String(1001 + i));

/** What an operator or a supervisor may ask for: ON_CALL and WRAP_UP come from calls only. */
export const REQUESTABLE_STATUSES = AGENT_STATUSES.filter((s) => s !== 'ON_CALL' && s !== 'WRAP_UP');

/**
 * A simulator of 20 agents in two queues, every phone registered (after `tune` set the phones' timings),
 * and the app ingesting from it.
 */
export async function startTwentyAgents(
  tune: (sim: PbxSimulator) => void = () => undefined,
): Promise<{ sim: PbxSimulator; t: AgentStatusTestApp }> {
  const sim = await startSimulator({ name: 'idle' }, { topology: generatedTopology(20, 2) });
  tune(sim);
  for (const ext of TWENTY_AGENTS) sim.model.register(ext);
  return { sim, t: await createAgentStatusApp(sim, TWENTY_AGENTS) };
}

/**
 * The lab PBX with 1004 (no agent here) registered. With no contact at all the simulator answers
 * PJSIPShowContacts with `Error: No Contacts found`, as Asterisk 22 does, and the live-state rebuild
 * currently treats that as a failure and never goes live; one contact keeps these tests about agents.
 */
export async function startLabSimulator(): Promise<PbxSimulator> {
  const sim = await startSimulator({ name: 'idle' }, { topology: 'lab' });
  sim.model.register('1004');
  return sim;
}

/** Each membership of `iface` in the simulator: queue -> [paused, reason]. */
export function simPauses(sim: PbxSimulator, iface: string): Record<string, [boolean, string]> {
  const out: Record<string, [boolean, string]> = {};
  for (const q of sim.groundTruth().queues)
    for (const m of q.members) if (m.interface === iface) out[q.name] = [m.paused, m.pausedReason];
  return out;
}

/** The QueuePause actions the simulator received for `iface`, in order. */
export function queuePausesFor(sim: PbxSimulator, iface: string): Array<Record<string, string>> {
  return sim
    .actionLog()
    .filter((a) => a.action.toLowerCase() === 'queuepause' && a.fields['Interface'] === iface)
    .map((a) => a.fields);
}

/** Every agent's history must tile time: one open period, each period starting where the last ended. */
export async function historyGaps(t: AgentStatusTestApp, extension: string): Promise<string[]> {
  const rows = await t.query<{ started_at: Date; ended_at: Date | null; status: string }>(
    `SELECT started_at, ended_at, status FROM agent_status_history WHERE extension = $1 ORDER BY started_at, id`,
    [extension],
  );
  const problems: string[] = [];
  rows.forEach((row, i) => {
    const next = rows[i + 1];
    if (next === undefined) {
      if (row.ended_at !== null) problems.push(`${extension}: the last period (${row.status}) is closed`);
      return;
    }
    if (row.ended_at === null)
      problems.push(`${extension}: period ${i} (${row.status}) is open but not the last`);
    else if (row.ended_at.getTime() !== next.started_at.getTime())
      problems.push(
        `${extension}: period ${i} ends ${row.ended_at.toISOString()}, next starts ${next.started_at.toISOString()}`,
      );
  });
  if (rows.length === 0) problems.push(`${extension}: no history`);
  return problems;
}

export { waitUntil };
