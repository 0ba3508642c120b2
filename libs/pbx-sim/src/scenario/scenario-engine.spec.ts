import { connect } from 'node:net';
import { generatedTopology } from '../model/pbx-topology';
import { PbxSimulator } from '../pbx-simulator';
import { AmiTestClient, get } from '../testing/ami-test.client';
import { Prng } from './prng';

const until = async (cond: () => boolean, timeoutMs: number, what: string): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timeout: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('scenario engine', () => {
  it('draws the same numbers from the same seed', () => {
    const a = new Prng(42);
    const b = new Prng(42);
    const c = new Prng(43);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('puts every generated agent in at least one queue', () => {
    const t = generatedTopology(20, 3);
    const members = new Set(t.queues.flatMap((q) => q.members.map((m) => m.interface)));
    expect(t.endpoints).toHaveLength(20);
    expect(members.size).toBe(20);
    expect(t.queues.map((q) => q.extension)).toEqual(['500', '501', '502']);
  });

  it('plays a load run with pauses, a registration loss and a restart', async () => {
    const sim = await PbxSimulator.start({
      httpPort: null,
      speed: 100,
      seed: 7,
      scenario: {
        name: 'load',
        calls: 40,
        agents: 6,
        queues: 3,
        callIntervalSeconds: 1,
        restartAtCall: 20,
        pauses: 3,
        registrationLosses: 2,
        ringSeconds: [0.5, 2],
        talkSeconds: [2, 6],
        patienceSeconds: [5, 20],
        noAnswerRate: 0.1,
      },
    });
    try {
      const first = await AmiTestClient.connect(sim.amiPort);
      await first.login();
      await until(() => sim.scenario?.summary().restarts === 1, 8000, 'restart');
      await first.waitClosed();
      expect(first.messages.some((m) => get(m, 'Event') === 'Shutdown')).toBe(true);
      for (const name of [
        'QueueCallerJoin',
        'AgentCalled',
        'AgentConnect',
        'AgentComplete',
        'QueueMemberPause',
        'ContactStatus',
      ]) {
        expect([name, first.messages.some((m) => get(m, 'Event') === name)]).toEqual([name, true]);
      }
      await until(
        () => !!sim.scenario?.summary().finished && sim.groundTruth().channels.length === 0,
        10_000,
        'all calls done',
      ).catch((e: Error) => {
        throw new Error(
          `${e.message} ${JSON.stringify(sim.groundTruth().channels)} ${JSON.stringify([...sim.model.callers.values()].map((c) => [c.queue, c.state, c.rings.length, !!c.agent]))}`,
        );
      });
      const truth = sim.groundTruth();
      expect(truth.scenario?.callsStarted).toBe(40);
      const handled = truth.queues.reduce((n, q) => n + q.completed + q.abandoned, 0);
      // counters restarted at call 20: only the calls after the restart are counted
      expect(handled).toBeGreaterThan(0);
      expect(handled).toBeLessThanOrEqual(20);
      // nothing leaks: with no channel left, no member is ringing or in a call
      const busy = truth.queues
        .flatMap((q) => q.members)
        .filter((m) => m.inCall || [2, 6].includes(m.status.code));
      expect(busy).toEqual([]);
    } finally {
      await sim.stop();
    }
  }, 20_000);

  it('floods one client with at least 20k events per second', async () => {
    const sim = await PbxSimulator.start({ httpPort: null, scenario: 'flood' });
    const socket = connect(sim.amiPort, '127.0.0.1');
    try {
      let count = 0;
      socket.on('data', (chunk: Buffer) => {
        let i = chunk.indexOf('Event: ');
        while (i >= 0) {
          count++;
          i = chunk.indexOf('Event: ', i + 7);
        }
      });
      socket.write('Action: Login\r\nUsername: admin\r\nSecret: admin\r\nEvents: on\r\n\r\n');
      await new Promise((r) => setTimeout(r, 1000));
      expect(count).toBeGreaterThan(20_000);
    } finally {
      socket.destroy();
      await sim.stop();
    }
  });

  it('keeps the demo call centre busy', async () => {
    const sim = await PbxSimulator.start({ httpPort: null, speed: 20, scenario: 'demo', seed: 3 });
    try {
      await until(() => sim.groundTruth().queues.some((q) => q.completed > 0), 8000, 'a completed call');
      const truth = sim.groundTruth();
      expect(truth.queues.map((q) => q.name)).toEqual(['sales', 'support', 'billing']);
      expect(truth.contacts.length).toBe(10);
    } finally {
      await sim.stop();
    }
  });
});
