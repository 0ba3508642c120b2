import { connect } from 'node:net';
import { PbxSimulator } from '../pbx-simulator';
import { AmiTestClient, get } from '../testing/ami-test.client';

const until = async (cond: () => boolean, timeoutMs: number, what: string): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timeout: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('scenario engine', () => {
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

  // The rate is a performance figure: bench/pbx-flood.bench.ts measures it.
  it('floods one client with real member and device events for as long as it reads', async () => {
    const sim = await PbxSimulator.start({ httpPort: null, scenario: 'flood' });
    const socket = connect(sim.amiPort, '127.0.0.1');
    try {
      const counts = new Map<string, number>();
      let total = 0;
      socket.setEncoding('latin1');
      socket.on('data', (chunk: string) => {
        for (const m of chunk.matchAll(/Event: (\w+)\r\n/g)) {
          counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
          total++;
        }
      });
      socket.write('Action: Login\r\nUsername: admin\r\nSecret: admin\r\nEvents: on\r\n\r\n');
      await until(() => total >= 10_000, 10_000, '10,000 flooded events');
      expect(counts.get('QueueMemberStatus')).toBeGreaterThan(4_000);
      expect(counts.get('DeviceStateChange')).toBeGreaterThan(4_000);
    } finally {
      socket.destroy();
      await sim.stop();
    }
  });

  it('plays the scripted endpoint faults of a scenario', async () => {
    const sim = await PbxSimulator.start({
      httpPort: null,
      speed: 20,
      scenario: {
        name: 'load',
        calls: 0,
        agents: 3,
        queues: 1,
        endpointFaults: [
          { atSeconds: 2, extension: '1002', mode: 'unreachable' },
          { atSeconds: 6, extension: '1002', mode: 'restore' },
        ],
      },
    });
    try {
      const status = () => sim.groundTruth().contacts.find((c) => c.endpoint === '1002')?.status;
      await until(() => status() === 'Unreachable', 5_000, '1002 unreachable');
      await until(() => status() === 'Reachable', 5_000, '1002 reachable again');
      expect(sim.actionLog().map((a) => [a.action, a.fields['Mode']])).toEqual([
        ['EndpointFault', 'unreachable'],
        ['EndpointFault', 'restore'],
      ]);
    } finally {
      await sim.stop();
    }
  });

  it('drives 1,000 agents with 200 member/agent changes per simulated second', async () => {
    const sim = await PbxSimulator.start({
      httpPort: null,
      speed: 10,
      scenario: { name: 'load', agents: 1000, queues: 3, calls: 20, changesPerSecond: 200 },
    });
    const client = await AmiTestClient.connect(sim.amiPort);
    try {
      await client.login();
      expect(sim.groundTruth().contacts).toHaveLength(1000);
      await until(() => (sim.scenario?.summary().changesMade ?? 0) >= 2000, 10_000, '2,000 changes');
      const pauses = client.messages.filter((m) => get(m, 'Event') === 'QueueMemberPause');
      expect(pauses.length).toBeGreaterThan(1000);
      const agents = new Set(pauses.map((m) => get(m, 'Interface')));
      expect(agents.size).toBeGreaterThan(500);
    } finally {
      client.close();
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
