import type { ChannelStatusData } from '@cc/contracts';
import { agentCallChannel, spyOriginate } from './spy-originate';

const channel = (name: string, patch: Partial<ChannelStatusData> = {}): ChannelStatusData => ({
  id: name,
  name,
  state: 'UP',
  callerId: '',
  connectedLine: '',
  extension: '',
  context: '',
  linkedId: '',
  bridgeId: 'b1',
  queue: null,
  startedAt: '2026-01-05T09:00:00.000Z',
  duration: 0,
  ...patch,
});

describe('spyOriginate', () => {
  it.each([
    ['listen', 'q'],
    ['whisper', 'qw'],
    ['barge', 'qB'],
  ] as const)('%s rings the supervisor and spies with options %s', (mode, options) => {
    expect(spyOriginate('2001', '1001', mode)).toMatchObject({
      Action: 'Originate',
      Channel: 'PJSIP/2001',
      Application: 'ChanSpy',
      Data: `PJSIP/1001,${options}`,
    });
  });
});

describe('agentCallChannel', () => {
  it("finds the agent's bridged phone channel and nothing for an agent without a call", () => {
    const channels = [
      channel('PJSIP/10010-00000001'),
      channel('PJSIP/1001-00000002', { state: 'RINGING', bridgeId: null }),
      channel('PJSIP/1001-00000003'),
    ];
    expect(agentCallChannel('1001', channels)?.name).toBe('PJSIP/1001-00000003');
    expect(agentCallChannel('1002', channels)).toBeNull();
  });
});
