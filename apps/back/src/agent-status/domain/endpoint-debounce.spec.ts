import {
  contactStatusObservation,
  deviceStateObservation,
  extensionOfDevice,
  NEW_ENDPOINT_TRACK,
  observeEndpoint,
  settleEndpoint,
} from './endpoint-debounce';
import { endpointVerdict, type EndpointLists } from './endpoint-sync.merge';

describe('endpoint debounce', () => {
  it('acts on a loss once the debounce has passed', () => {
    const step = observeEndpoint(NEW_ENDPOINT_TRACK, 'down', 1000, 10_000);
    expect(step).toMatchObject({ timer: 'start', dueAt: 11_000 });
    expect(settleEndpoint(step.track, 10_999).act).toBeNull();
    expect(settleEndpoint(step.track, 11_000)).toEqual({
      track: { settled: 'down', pending: null },
      act: 'down',
    });
  });

  it('forgets a loss that reverted within the debounce (a flapping network)', () => {
    const settled = { settled: 'up' as const, pending: null };
    const down = observeEndpoint(settled, 'down', 0, 10_000);
    const up = observeEndpoint(down.track, 'up', 3000, 10_000);
    expect(up.timer).toBe('cancel');
    expect(settleEndpoint(up.track, 20_000).act).toBeNull();
  });

  it('keeps the first deadline when the same observation repeats (ContactStatus then DeviceStateChange)', () => {
    const first = observeEndpoint(NEW_ENDPOINT_TRACK, 'down', 0, 10_000);
    const again = observeEndpoint(first.track, 'down', 500, 10_000);
    expect(again.timer).toBe('keep');
    expect(again.track.pending?.dueAt).toBe(10_000);
  });

  it('reads ContactStatus and device states as Asterisk sends them', () => {
    expect(
      ['Removed', 'Unreachable', 'Reachable', 'NonQualified', 'Created'].map(contactStatusObservation),
    ).toEqual(['down', 'down', 'up', 'up', null]);
    expect(['UNAVAILABLE', 'NOT_INUSE', 'INUSE', 'UNKNOWN'].map(deviceStateObservation)).toEqual([
      'down',
      'up',
      'up',
      null,
    ]);
    expect(extensionOfDevice('PJSIP/1001')).toBe('1001');
    expect(extensionOfDevice('Queue:sales_pause_PJSIP/1001')).toBeNull();
  });
});

describe('endpointVerdict (the safety-net merge)', () => {
  const none: EndpointLists = { contacts: null, devices: null, members: null, agents: null };

  it('trusts the registrations first: no contact is down even if the device state says otherwise', () => {
    const lists = {
      ...none,
      contacts: new Map([['1002', ['Reachable']]]),
      devices: new Map([['PJSIP/1001', 'NOT_INUSE']]),
    };
    expect(endpointVerdict('1001', lists)).toBe('down');
    expect(endpointVerdict('1002', lists)).toBe('up');
  });

  it('falls back to DeviceStateList, then QueueStatus, then Agents when the lists before failed', () => {
    expect(endpointVerdict('1001', { ...none, devices: new Map([['PJSIP/1001', 'UNAVAILABLE']]) })).toBe(
      'down',
    );
    expect(endpointVerdict('1001', { ...none, members: new Map([['PJSIP/1001', 5]]) })).toBe('down');
    expect(endpointVerdict('1001', { ...none, members: new Map([['PJSIP/1001', 1]]) })).toBe('up');
    expect(endpointVerdict('1001', { ...none, agents: new Map([['1001', 'AGENT_LOGGEDOFF']]) })).toBe('down');
    expect(endpointVerdict('1001', none)).toBeNull();
  });
});
