// Listen, whisper, barge: POST /api/supervisor/spy against the PBX simulator over TCP. The simulator's
// action log shows the ChanSpy Originate with the options of each mode, and the audit trail the actor.
import type { SpyMode } from '@cc/contracts';
import type { PbxSimulator } from '@cc/pbx-sim';
import {
  createAgentStatusApp,
  startLabSimulator,
  waitUntil,
  type AgentStatusTestApp,
} from './agent-status.harness';

describe('POST /api/supervisor/spy', () => {
  let sim: PbxSimulator;
  let t: AgentStatusTestApp;
  let supervisorToken: string;
  let supervisorId: string;

  beforeAll(async () => {
    sim = await startLabSimulator();
    sim.model.phone = { ringSeconds: () => 0.2, talkSeconds: () => 30 };
    t = await createAgentStatusApp(sim, ['1001', '1002']);
    const supervisor = await t.createUser({ role: 'supervisor', extension: '1005' });
    supervisorToken = supervisor.token;
    supervisorId = supervisor.user.id;
    for (const ext of ['1001', '1005']) sim.model.register(ext);
    await t.putStatus('1001', { status: 'ONLINE' });
    await t.mirror.idle();
    sim.model.originate({
      channel: 'Local/500@from-external',
      callerId: '"Customer" <+15550001>',
      variables: [],
    });
    await waitUntil(
      async () => (await t.agent('1001')).status === 'ON_CALL',
      5000,
      () => 'agent 1001 on a call',
    );
    await waitUntil(
      async () =>
        (
          await t.http.get('/api/queue-status/channels').set('Authorization', `Bearer ${supervisorToken}`)
        ).text.includes('PJSIP/1001-'),
      5000,
      () => 'the live state has the agent channel',
    );
  });

  afterAll(async () => {
    await t?.close();
    await sim?.stop();
  });

  const spy = (body: object, token = supervisorToken) =>
    t.http.post('/api/supervisor/spy').set('Authorization', `Bearer ${token}`).send(body);

  it.each([
    ['listen', 'q'],
    ['whisper', 'qw'],
    ['barge', 'qB'],
  ] as Array<[SpyMode, string]>)(
    '%s originates ChanSpy to the supervisor phone with options %s, audited',
    async (mode, options) => {
      const res = await spy({ extension: '1001', mode });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ extension: '1001', mode, supervisorExtension: '1005' });
      expect(res.body.agentChannel).toMatch(/^PJSIP\/1001-/);
      const originate = sim
        .actionLog()
        .filter((a) => a.action.toLowerCase() === 'originate' && a.fields['Application'] === 'ChanSpy')
        .at(-1);
      expect(originate?.fields).toMatchObject({ Channel: 'PJSIP/1005', Data: `PJSIP/1001,${options}` });
      const audit = await t.query<{ actor: string; details: { mode: string } }>(
        `SELECT actor, details FROM supervisor_actions WHERE action = 'spy' ORDER BY id DESC LIMIT 1`,
      );
      expect(audit[0]).toMatchObject({ actor: supervisorId, details: { mode } });
    },
  );

  it('answers 409 when the agent has no call, and sends nothing', async () => {
    const before = sim.actionLog().length;
    const res = await spy({ extension: '1002', mode: 'listen' });
    expect(res.status).toBe(409);
    expect(
      sim
        .actionLog()
        .slice(before)
        .filter((a) => a.action.toLowerCase() === 'originate'),
    ).toEqual([]);
  });

  it('refuses operators (403) and an unknown mode (400)', async () => {
    expect((await spy({ extension: '1001', mode: 'listen' }, t.agents.get('1002')?.token)).status).toBe(403);
    const bad = await spy({ extension: '1001', mode: 'eavesdrop' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('listen, whisper, barge');
  });
});
