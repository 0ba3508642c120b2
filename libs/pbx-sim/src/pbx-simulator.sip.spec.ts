import { PbxSimulator } from './pbx-simulator';
import { SipJsTestPhone } from './sip/testing/sip-js-test-phone';
import { AmiTestClient, get } from './testing/ami-test.client';

describe('PbxSimulator with a WebRTC phone on the SIP WebSocket registrar', () => {
  let sim: PbxSimulator;
  let ami: AmiTestClient;
  let phone: SipJsTestPhone;

  beforeAll(async () => {
    sim = await PbxSimulator.start({
      sipWsPort: 0,
      topology: 'lab',
      httpPort: null,
      sipPassword: () => 'secret',
      speed: 5,
    });
    ami = await AmiTestClient.connect(sim.amiPort);
    await ami.login();
    sim.model.addMember('support', 'PJSIP/1004', { name: 'Agent 1004', stateInterface: 'PJSIP/1004' });
    phone = new SipJsTestPhone({
      server: `ws://127.0.0.1:${sim.sipWsPort}/ws`,
      endpoint: '1004',
      password: 'secret',
    });
    await phone.start();
  });

  afterAll(async () => {
    await phone.stop();
    ami.close();
    await sim.stop();
  });

  it('turns a registration into PJSIP events and makes the member available', async () => {
    expect(await phone.register()).toEqual({ accepted: true });
    await ami.waitFor(
      (m) =>
        get(m, 'Event') === 'QueueMemberStatus' &&
        get(m, 'Interface') === 'PJSIP/1004' &&
        get(m, 'Status') === '1',
    );
    const names = ami.messages
      .filter((m) => get(m, 'Service') !== 'AMI')
      .map((m) => m[0][1])
      .filter((n) => ['ChallengeSent', 'SuccessfulAuth', 'ContactStatus', 'PeerStatus'].includes(n));
    expect(names).toEqual([
      'ChallengeSent',
      'SuccessfulAuth',
      'ContactStatus',
      'PeerStatus',
      'ContactStatus',
    ]);
    expect(sim.groundTruth().contacts).toEqual([
      expect.objectContaining({ endpoint: '1004', status: 'Reachable', ws: true }),
    ]);
  });

  it('rings the phone for a queue call and ends the call when the agent hangs up', async () => {
    sim.model.originate({
      channel: 'Local/501@from-external',
      application: 'Wait',
      data: '60',
      callerId: '"Customer One" <+15551230001>',
      variables: [],
    });
    const invitation = await phone.nextInvitation();
    await invitation.accept();
    const connect = await ami.waitFor((m) => get(m, 'Event') === 'AgentConnect');
    expect(get(connect, 'Interface')).toBe('PJSIP/1004');
    await invitation.bye();
    const complete = await ami.waitFor((m) => get(m, 'Event') === 'AgentComplete');
    expect(get(complete, 'Reason')).toBe('agent');
    expect(sim.groundTruth().channels).toEqual([]);
  });

  it('reports the contact removed when the browser tab goes away', async () => {
    const from = ami.messages.length;
    await phone.dropTransport();
    await ami.waitFor(
      (m) => get(m, 'Event') === 'ContactStatus' && get(m, 'ContactStatus') === 'Removed',
      5000,
      from,
    );
    const member = sim
      .groundTruth()
      .queues.find((q) => q.name === 'support')
      ?.members.find((m) => m.interface === 'PJSIP/1004');
    expect(member?.status.code).toBe(5);
  });
});
