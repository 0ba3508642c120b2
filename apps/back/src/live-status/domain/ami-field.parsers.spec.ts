import {
  cleanCallerField,
  parseBoolField,
  parseChannelState,
  parseDeviceState,
  parseEpochSeconds,
  parseHms,
  parseIntField,
  parseMemberStatus,
} from './ami-field.parsers';

describe('AMI field parsers', () => {
  it('maps member Status 0..8 to names and rejects anything else', () => {
    expect(['0', '1', '2', '4', '5', '6', '8'].map(parseMemberStatus)).toEqual([
      'UNKNOWN',
      'NOT_INUSE',
      'INUSE',
      'INVALID',
      'UNAVAILABLE',
      'RINGING',
      'ONHOLD',
    ]);
    expect(['9', '-1', 'abc', '', '1.5', undefined].map(parseMemberStatus)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('maps ChannelState 0..10, falling back to the description', () => {
    expect(parseChannelState('6', 'Up')).toBe('UP');
    expect(parseChannelState('10', undefined)).toBe('MUTE');
    expect(parseChannelState('x', 'Dialing Offhook')).toBe('DIALING_OFFHOOK');
    expect(parseChannelState('11', 'Nonsense')).toBeUndefined();
  });

  it('reads device states, booleans, integers, epochs and durations defensively', () => {
    expect([parseDeviceState('NOT_INUSE'), parseDeviceState('bogus')]).toEqual(['NOT_INUSE', undefined]);
    expect(['1', '0', 'true', 'No', 'maybe'].map(parseBoolField)).toEqual([
      true,
      false,
      true,
      false,
      undefined,
    ]);
    expect(['42', ' 7 ', '1e3', ''].map(parseIntField)).toEqual([42, 7, undefined, undefined]);
    expect(['0', '1795381660', '-5', 'x'].map(parseEpochSeconds)).toEqual([
      null,
      '2026-11-22T21:07:40.000Z',
      undefined,
      undefined,
    ]);
    expect(['00:00:04', '26:01:02', '4'].map(parseHms)).toEqual([4, 93662, undefined]);
    expect(['<unknown>', '1001', undefined].map(cleanCallerField)).toEqual(['', '1001', undefined]);
  });
});
