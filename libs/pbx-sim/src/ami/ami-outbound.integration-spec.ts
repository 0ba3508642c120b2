import { PbxSimulator } from '../pbx-simulator';
import { AmiTestClient, WireMessage, get } from '../testing/ami-test.client';

// Outbound calls to external numbers over AMI, as the dialer sends them: Originate of
// PJSIP/<number>@trunk, answered calls sent into a queue or to an agent.

describe('AMI Originate to external numbers', () => {
  let sim: PbxSimulator;
  let ami: AmiTestClient;

  beforeEach(async () => {
    sim = await PbxSimulator.start({ speed: 20, topology: 'lab', httpPort: null });
    sim.model.register('1001');
    ami = await AmiTestClient.connect(sim.amiPort);
    await ami.login();
  });

  afterEach(async () => {
    ami.close();
    await sim.stop();
  });

  const originate = (id: string, number: string, target: [string, string][]) =>
    ami.action([
      ['Action', 'Originate'],
      ['ActionID', id],
      ['Channel', `PJSIP/${number}@trunk`],
      ...target,
      ['CallerID', '"Campaign" <+15550000>'],
      ['Timeout', '5000'],
      ['Async', 'true'],
    ]);

  const responseOf = (id: string): Promise<WireMessage> =>
    ami.waitFor((m) => get(m, 'Event') === 'OriginateResponse' && get(m, 'ActionID') === id, 5000);

  it('answers each last-digit outcome with the Reason and Hangup cause Asterisk sends', async () => {
    const cases: [string, string, string, string | undefined][] = [
      ['+15550101', 'Success', '4', undefined],
      ['+15550107', 'Failure', '5', '17'],
      ['+15550108', 'Failure', '3', '19'],
      ['+15550109', 'Failure', '8', '34'],
    ];
    for (const [number] of cases)
      await originate(`o${number}`, number, [
        ['Application', 'Wait'],
        ['Data', '1'],
      ]);
    for (const [number, response, reason, cause] of cases) {
      const r = await responseOf(`o${number}`);
      expect([number, get(r, 'Response'), get(r, 'Reason')]).toEqual([number, response, reason]);
      if (cause) {
        const hangup = ami.messages.find(
          (m) => get(m, 'Event') === 'Hangup' && get(m, 'Cause') === cause,
        ) as WireMessage;
        expect(get(hangup, 'Channel')).toMatch(/^PJSIP\/trunk-/);
      }
    }
  });

  it('sends an answered number into the queue, where the free agent takes it', async () => {
    await originate('q1', '+15550201', [
      ['Context', 'from-external'],
      ['Exten', '500'],
      ['Priority', '1'],
    ]);
    expect(get(await responseOf('q1'), 'Response')).toBe('Success');
    const connect = await ami.waitFor((m) => get(m, 'Event') === 'AgentConnect', 5000);
    expect([get(connect, 'Queue'), get(connect, 'Interface'), get(connect, 'CallerIDNum')]).toEqual([
      'sales',
      'PJSIP/1001',
      '+15550000',
    ]);
  });

  it('connects an answered number to an agent extension', async () => {
    await originate('a1', '+15550301', [
      ['Context', 'from-internal'],
      ['Exten', '1001'],
      ['Priority', '1'],
    ]);
    const enter = await ami.waitFor(
      (m) => get(m, 'Event') === 'BridgeEnter' && get(m, 'BridgeNumChannels') === '2',
      5000,
    );
    expect(get(enter, 'Channel')).toMatch(/^PJSIP\/trunk-/);
    const truth = sim.groundTruth();
    expect(truth.channels.map((c) => c.name.replace(/-[0-9a-f]{8}$/, '')).sort()).toEqual([
      'PJSIP/1001',
      'PJSIP/trunk',
    ]);
  });

  it("gives an agent-first call's agent channel the Originate's ChannelId as its Uniqueid", async () => {
    await ami.action([
      ['Action', 'Originate'],
      ['ActionID', 'c1'],
      ['Channel', 'PJSIP/1001'],
      ['Context', 'from-internal'],
      ['Exten', '+15550401'],
      ['Priority', '1'],
      ['ChannelId', 'dialer-attempt-1'],
      ['Async', 'true'],
    ]);
    const response = await responseOf('c1');
    expect([get(response, 'Channel'), get(response, 'Uniqueid')]).toEqual([
      expect.stringMatching(/^PJSIP\/1001-/),
      'dialer-attempt-1',
    ]);
  });
});
