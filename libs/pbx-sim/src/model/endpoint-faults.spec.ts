import { readFixture } from '../testing/ami-test.client';
import { modelHarness, storyLine } from '../testing/model-harness';

// register_unregister.ami, as story lines: the registration of 1001, its explicit unregister, and
// 1002's lost qualify once 1001 was gone.
const FIXTURE = readFixture('register_unregister.ami')
  .filter((m) => m[0][0] === 'Event')
  .map(storyLine);
const segment = (from: string, fromOccurrence: number, to: string): string[] => {
  let start = -1;
  for (let i = 0, seen = 0; i < FIXTURE.length; i++)
    if (FIXTURE[i] === from && ++seen === fromOccurrence) {
      start = i;
      break;
    }
  const end = FIXTURE.indexOf(to, start);
  if (start < 0 || end < 0) throw new Error(`fixture segment ${from} .. ${to} not found`);
  return FIXTURE.slice(start, end + 1);
};
const REGISTER_1001 = segment('ChallengeSent 1001', 1, 'DeviceStateChange NOT_INUSE Queue:sales_avail');
const UNREGISTER_1001 = segment('ChallengeSent 1001', 2, 'ContactStatus Removed 1001');
const QUALIFY_LOST_1002 = segment(
  'PeerStatus Unreachable PJSIP/1002',
  1,
  'DeviceStateChange INUSE Queue:sales_avail',
);

describe('endpoint faults', () => {
  it('unregisters the phone with the events of an explicit unregister in register_unregister.ami', async () => {
    const h = modelHarness();
    h.model.register('1001');
    h.model.register('1002');
    const events = await h.during(() => h.model.setEndpointFault('1001', 'unregister'));
    expect(events.map(storyLine)).toEqual(UNREGISTER_1001);
    expect(h.model.contacts.has('1001')).toBe(false);
  });

  it('makes the phone unreachable with the events of a lost qualify in register_unregister.ami', async () => {
    const h = modelHarness();
    h.model.register('1001');
    h.model.register('1002');
    h.model.unregister('1001');
    const events = await h.during(() => h.model.setEndpointFault('1002', 'unreachable'));
    expect(events.map(storyLine)).toEqual(QUALIFY_LOST_1002);
    expect(h.model.contacts.get('1002')?.status).toBe('Unreachable');
  });

  it('loses the REGISTERs and qualify answers of a faulted phone until it is restored', async () => {
    const h = modelHarness();
    h.model.register('1001');
    h.model.setEndpointFault('1001', 'unregister');
    expect(await h.during(() => h.model.register('1001'))).toEqual([]);
    h.model.register('1002');
    h.model.setEndpointFault('1002', 'unreachable');
    expect(await h.during(() => h.model.qualifyAnswered('1002', 900))).toEqual([]);
    expect([h.model.contacts.has('1001'), h.model.contacts.get('1002')?.status]).toEqual([
      false,
      'Unreachable',
    ]);
  });

  it('brings an unregistered phone back with the registration of register_unregister.ami', async () => {
    const h = modelHarness();
    h.model.register('1001');
    h.model.setEndpointFault('1001', 'unregister');
    const events = await h.during(() => h.model.setEndpointFault('1001', 'restore'));
    expect(events.map(storyLine)).toEqual(REGISTER_1001);
    expect(h.model.devices.get('PJSIP/1001')).toBe('NOT_INUSE');
  });

  it('brings an unreachable phone back: Reachable, device first, then the members', async () => {
    const h = modelHarness();
    h.model.register('1001');
    h.model.setEndpointFault('1001', 'unreachable');
    const events = await h.during(() => h.model.setEndpointFault('1001', 'restore'));
    // no transcript covers Unreachable -> Reachable; res_pjsip publishes PeerStatus and ContactStatus,
    // then the device state change reaches app_queue (docs/pbx-simulator.md)
    expect(events.map(storyLine)).toEqual([
      'PeerStatus Reachable PJSIP/1001',
      'ContactStatus Reachable 1001',
      'DeviceStateChange NOT_INUSE PJSIP/1001',
      'QueueMemberStatus 1 PJSIP/1001 support',
      'DeviceStateChange NOT_INUSE Queue:support_avail',
      'QueueMemberStatus 1 PJSIP/1001 sales',
      'DeviceStateChange NOT_INUSE Queue:sales_avail',
    ]);
  });

  it('ends the call of a phone that becomes unreachable mid-call', async () => {
    const h = modelHarness();
    h.model.register('1001');
    h.model.originate({ channel: 'Local/500@from-external', application: 'Wait', data: '60', variables: [] });
    await h.clock.advance(3000);
    expect(h.model.callers.size).toBe(1);
    const events = await h.during(() => h.model.setEndpointFault('1001', 'unreachable'));
    expect(events.map((e) => e[0][1])).toContain('AgentComplete');
    expect([h.model.callers.size, h.model.channels.size]).toEqual([0, 0]);
  });

  it('refuses an unknown extension', () => {
    expect(() => modelHarness().model.setEndpointFault('9999', 'unregister')).toThrow(
      'unknown endpoint 9999',
    );
  });
});
