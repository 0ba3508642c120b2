// The real app ingests a time-accelerated PBX simulator over TCP (AMI), with the faults a production
// Asterisk throws at it; the REST snapshot must end up equal to the simulator's own state.
import type { GroundTruth, PbxSimulator } from '@cc/pbx-sim';
import {
  createLiveStatusApp,
  expectedSnapshotFromGroundTruth,
  freezeSimulator,
  readMetric,
  settledDifferences,
  snapshotDifferences,
  startSimulator,
  waitUntil,
  type LiveStatusTestApp,
  eventSessionIds,
  dropEventSessions,
} from '../../support/live-status-harness';

const CALLS = 500;
const SPEED = 50;

describe('live status against the simulator ground truth', () => {
  let sim: PbxSimulator | undefined;
  let t: LiveStatusTestApp | undefined;

  afterAll(async () => {
    await t?.close();
    await sim?.stop();
  });

  it('ends with zero drift after 500 calls, pauses, lost registrations, two AMI socket kills and a restart', async () => {
    const started = Date.now();
    sim = await startSimulator(
      {
        name: 'load',
        calls: CALLS,
        queues: 3,
        agents: 20,
        pauses: 12,
        registrationLosses: 6,
        restartAtCall: 260,
      },
      { speed: SPEED },
    );
    const running = sim;
    // Reconcile every 2 s so it runs many times during the load and shows what it had to fix.
    t = await createLiveStatusApp(running, { env: { LIVE_STATUS_RECONCILE_MS: '2000' } });
    const app = t;
    await waitUntil(() => app.ingestion.ingesting && eventSessionIds(running).length === 1, 10_000);

    const callsStarted = () => running.groundTruth().scenario?.callsStarted ?? 0;
    await waitUntil(
      () => callsStarted() >= 130,
      30_000,
      () => `calls started: ${callsStarted()}`,
    );
    expect(dropEventSessions(running, 'reset')).toBe(1);
    await waitUntil(
      () => callsStarted() >= 390,
      40_000,
      () => `calls started: ${callsStarted()}`,
    );
    expect(dropEventSessions(running, 'end')).toBe(1);

    // All 500 calls originated: stop the traffic with the last calls still up, so channels, waiting
    // callers and agents in calls are part of the comparison, not only counters.
    await waitUntil(
      () => running.groundTruth().scenario?.finished === true,
      45_000,
      () => `calls started: ${callsStarted()}`,
    );
    freezeSimulator(running);
    const frozen = running.groundTruth();
    expect(frozen.scenario).toMatchObject({ callsStarted: CALLS, finished: true });
    expect(running.scenario?.summary().restarts).toBe(1);
    // The client reconnected after each kill and after the restart.
    await waitUntil(() => eventSessionIds(running).length === 1, 10_000);

    const diff = await settledDifferences(app, running, 5000);
    expect(diff).toEqual([]);
    const expected = expectedSnapshotFromGroundTruth(frozen);
    expect(expected.channels.length).toBeGreaterThan(0);

    const drift = await readMetric(app, 'live_status_reconcile_drift_total');
    const rebuilds = await readMetric(app, 'live_status_rebuilds_total');
    expect(Number.isFinite(drift)).toBe(true);
    expect(rebuilds).toBeGreaterThanOrEqual(4); // first login, two socket kills, the restart

    // A change Asterisk never announced (as if an event had been lost): only the reconcile can see it,
    // and the drift counter must count its fix.
    const member = [...running.model.queues.values()][0]?.members.find((m) => !m.paused);
    if (!member) throw new Error('no unpaused member left to drift');
    Object.assign(member, { paused: true, pausedReason: 'Silent drift' });
    expect(
      snapshotDifferences(await app.snapshot(), expectedSnapshotFromGroundTruth(running.groundTruth())),
    ).toContain(`operator ${member.queue}:${member.interface} paused: expected true, got false`);
    await waitUntil(
      async () => (await readMetric(app, 'live_status_reconcile_drift_total')) > drift,
      5000,
      () => 'no reconcile fixed the silent change',
    );
    expect(await settledDifferences(app, running, 3000)).toEqual([]);
    const driftAfter = await readMetric(app, 'live_status_reconcile_drift_total');

    const count = (pick: (o: (typeof expected.operators)[number]) => boolean) =>
      expected.operators.filter(pick).length;
    process.stdout.write(
      `[ground-truth] ${CALLS} calls at x${SPEED} in ${Date.now() - started} ms; compared ` +
        `${expected.operators.length} operators (${count((o) => o.paused)} paused, ${count((o) => o.inCall)} in call, ` +
        `${count((o) => o.status === 'UNAVAILABLE')} unavailable), ${expected.channels.length} channels, ` +
        `${frozen.queues.map((q) => `${q.name} ${q.completed}/${q.abandoned}/${q.callers.length} completed/abandoned/waiting`).join(', ')} ` +
        `(counters since the restart); reconcile drift fixed during the run: ${drift}, rebuilds: ${rebuilds}, ` +
        `differences: ${diff.length}; after one silent change the reconcile fixed ${driftAfter - drift}\n`,
    );
  }, 90_000);
});

describe('expectedSnapshotFromGroundTruth', () => {
  const member = {
    interface: 'PJSIP/1001',
    name: 'Agent 1001',
    stateInterface: 'PJSIP/1001',
    membership: 'static' as const,
    penalty: 0,
    status: { code: 2, name: 'INUSE' },
    paused: true,
    pausedReason: 'Lunch',
    inCall: true,
    callsTaken: 3,
    lastCall: 0,
    lastPause: 0,
    loginTime: 0,
  };
  const truth: GroundTruth = {
    time: 0,
    uptimeSeconds: 0,
    queues: [
      {
        name: 'sales',
        strategy: 'rrmemory',
        completed: 4,
        abandoned: 1,
        holdtime: 0,
        talktime: 0,
        serviceLevelPerf: 0,
        members: [member],
        callers: [
          {
            position: 1,
            channel: 'Local/500@from-external-00000001;2',
            uniqueid: '1700000000.2',
            callerIdNum: '+15551234567',
            callerIdName: 'Ada Caller',
            waitSeconds: 3,
          },
        ],
      },
    ],
    channels: [
      {
        name: 'PJSIP/1001-00000001',
        state: 6,
        uniqueid: '1700000000.5',
        linkedid: '1700000000.1',
        callerIdNum: '1001',
        callerIdName: 'Agent 1001',
        connectedLineNum: '',
        connectedLineName: '',
        application: 'AppQueue',
        bridgeId: '',
      },
    ],
    contacts: [],
    devices: {},
    amiSessions: 1,
    scenario: null,
  };

  it('maps members to operators, queues to counters and channels to ids and state names', () => {
    expect(expectedSnapshotFromGroundTruth(truth)).toEqual({
      operators: [
        {
          id: 'sales:PJSIP/1001',
          name: 'Agent 1001',
          interface: 'PJSIP/1001',
          queue: 'sales',
          status: 'INUSE',
          paused: true,
          pausedReason: 'Lunch',
          inCall: true,
          callsTaken: 3,
          penalty: 0,
          membership: 'static',
        },
      ],
      queues: [
        {
          name: 'sales',
          strategy: 'rrmemory',
          totalMembers: 1,
          callersWaiting: 1,
          completed: 4,
          abandoned: 1,
        },
      ],
      channels: [{ id: '1700000000.5', name: 'PJSIP/1001-00000001', state: 'UP' }],
    });
  });

  it('lists every missing, extra and different field', () => {
    const expected = expectedSnapshotFromGroundTruth(truth);
    const operator = { ...expected.operators[0], paused: false, currentCall: null };
    const diff = snapshotDifferences(
      {
        operators: [operator],
        queues: [{ ...expected.queues[0], completed: 3 }],
        channels: [{ id: '1700000000.9', name: 'PJSIP/1002-00000002', state: 'RINGING' }],
      },
      expected,
    );
    expect(diff).toEqual([
      'operator sales:PJSIP/1001 paused: expected true, got false',
      'queue sales completed: expected 4, got 3',
      'channel 1700000000.5: missing (expected {"id":"1700000000.5","name":"PJSIP/1001-00000001","state":"UP"})',
      'channel 1700000000.9: unexpected (got "PJSIP/1002-00000002")',
    ]);
  });
});
