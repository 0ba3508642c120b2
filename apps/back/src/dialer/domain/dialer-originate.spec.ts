import { dialerOriginateAction } from './dialer-originate';

describe('dialerOriginateAction', () => {
  it('rings the reserved agent first, then dials the lead’s number from the outbound context', () => {
    expect(
      dialerOriginateAction({
        agentExtension: '1002',
        phone: '+33612345678',
        leadName: 'Jeanne "JM" Martin',
        context: 'from-internal',
        channelId: 'dialer-42',
        agentRingSeconds: 15,
        variables: { CC_LEAD_ID: 'lead-1' },
      }),
    ).toEqual({
      Action: 'Originate',
      Channel: 'PJSIP/1002',
      Context: 'from-internal',
      Exten: '+33612345678',
      Priority: 1,
      Timeout: 15000,
      CallerID: '"Jeanne JM Martin" <+33612345678>',
      Variable: ['CC_LEAD_ID=lead-1'],
      ChannelId: 'dialer-42',
      Async: true,
    });
  });
});
