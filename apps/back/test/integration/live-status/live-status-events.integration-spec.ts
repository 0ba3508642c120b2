// What other features see of live status: the typed events on the AppEventBus. A consumer that keeps
// the last `live.state.rebuilt` and applies every later `live.state.changed` holds what Redis holds.
import type { AmiEventType } from '@cc/ami';
import type { LiveStatusChange } from '@cc/contracts';
import type { PbxSimulator } from '@cc/pbx-sim';
import { AppEventBus } from '../../../src/events/app-event.bus';
import type { AppEvents } from '../../../src/events/app-events';
import {
  createLiveStatusApp,
  freezeSimulator,
  startSimulator,
  waitUntil,
  type LiveStatusTestApp,
  dropEventSessions,
} from '../../support/live-status-harness';

/** The mirror a downstream feature would keep: entities by `kind|id`. */
class Mirror {
  readonly entities = new Map<string, unknown>();
  version = 0;

  rebuilt(event: AppEvents['live.state.rebuilt']): void {
    this.entities.clear();
    for (const o of event.operators) this.entities.set(`operator|${o.id}`, o);
    for (const c of event.channels) this.entities.set(`channel|${c.id}`, c);
    for (const q of event.queues) this.entities.set(`queue|${q.name}`, q);
    this.version = event.version;
  }

  changed(changes: readonly LiveStatusChange[]): void {
    for (const change of changes) {
      // Versions only grow: anything at or below the mirror's version is already in it.
      if (change.version <= this.version) continue;
      this.version = change.version;
      const key = `${change.kind}|${change.id}`;
      if (change.op === 'upsert') this.entities.set(key, change.value);
      else this.entities.delete(key);
    }
  }
}

describe('live status events on the AppEventBus', () => {
  let sim: PbxSimulator | undefined;
  let t: LiveStatusTestApp | undefined;

  afterAll(async () => {
    await t?.close();
    await sim?.stop();
  });

  it('carries a rebuild and every later change, so a mirror of them equals the stored state', async () => {
    sim = await startSimulator(
      {
        name: 'load',
        calls: 200,
        queues: 2,
        agents: 8,
        pauses: 4,
        registrationLosses: 1,
        restartAtCall: null,
      },
      { speed: 40 },
    );
    const running = sim;
    t = await createLiveStatusApp(running);
    const app = t;
    await waitUntil(() => app.ingestion.ingesting && app.ingestion.ingestorStatus.mode === 'live', 10_000);

    const bus = app.app.get(AppEventBus);
    const mirror = new Mirror();
    const connection: string[] = [];
    const typed = new Set<AmiEventType>();
    let rebuilds = 0;
    bus.on('live.state.rebuilt', (event) => {
      rebuilds++;
      mirror.rebuilt(event);
    });
    bus.on('live.state.changed', ({ changes }) => mirror.changed(changes));
    bus.on('ami.connection.changed', ({ state }) => void connection.push(state));
    bus.on('ami.event.received', (event) => void typed.add(event.type));

    // A lost AMI session: down, up, and a rebuild from Asterisk's lists that the mirror starts from.
    expect(dropEventSessions(running, 'reset')).toBe(1);
    await waitUntil(
      () => rebuilds >= 1,
      10_000,
      () => `connection: ${connection.join(',')}`,
    );
    expect(connection.slice(0, 2)).toEqual(['down', 'up']);

    const callsStarted = () => running.groundTruth().scenario?.callsStarted ?? 0;
    await waitUntil(
      () => callsStarted() >= 60,
      30_000,
      () => `calls started: ${callsStarted()}`,
    );
    freezeSimulator(running);
    await app.ingestion.flush();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await app.ingestion.flush();

    const snapshot = await app.snapshot();
    const stored = new Map<string, unknown>([
      ...snapshot.operators.map((o): [string, unknown] => [`operator|${o.id}`, o]),
      ...snapshot.channels.map((c): [string, unknown] => [`channel|${c.id}`, c]),
      ...snapshot.queues.map((q): [string, unknown] => [`queue|${q.name}`, q]),
    ]);
    expect(stored.size).toBeGreaterThan(10);
    expect(Object.fromEntries(mirror.entities)).toEqual(Object.fromEntries(stored));
    // The edge decoded the frames features use into typed events.
    expect([...typed]).toEqual(expect.arrayContaining(['Newchannel', 'QueueCallerJoin', 'Hangup']));
  }, 60_000);
});
