import { CHANNEL_STATES, MEMBER_STATUSES } from './live-status.contracts';

// The enums are indexed by Asterisk's numeric codes; a reordering would silently mislabel every status.
describe('live-status enums follow Asterisk codes', () => {
  it('maps queue member Status 0..8 to the device states of devicestate.h', () => {
    expect(MEMBER_STATUSES.indexOf('NOT_INUSE')).toBe(1);
    expect(MEMBER_STATUSES.indexOf('UNAVAILABLE')).toBe(5);
    expect(MEMBER_STATUSES.indexOf('RINGING')).toBe(6);
    expect(MEMBER_STATUSES.indexOf('ONHOLD')).toBe(8);
    expect(MEMBER_STATUSES).toHaveLength(9);
  });

  it('maps ChannelState 0..10 to the states of channelstate.h', () => {
    expect(CHANNEL_STATES.indexOf('DOWN')).toBe(0);
    expect(CHANNEL_STATES.indexOf('RING')).toBe(4);
    expect(CHANNEL_STATES.indexOf('RINGING')).toBe(5);
    expect(CHANNEL_STATES.indexOf('UP')).toBe(6);
    expect(CHANNEL_STATES).toHaveLength(11);
  });
});
