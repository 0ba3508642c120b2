import type { AmiChannelSnapshot, AmiEvent } from '@cc/ami';
import type { AgentStatusConfig } from '../config/agent-status.config';
import type { AgentStatusRepository } from './adapters/agent-status.repository';
import type { CallQueueAttributions } from './adapters/call-queue.redis';
import { AgentCallTracker, extensionOfChannel } from './agent-call.tracker';
import type { AgentStatusService } from './agent-status.service';
import type { AgentInput } from './domain/agent-status.machine';

const channel = (name: string, uniqueid: string, state = 6): AmiChannelSnapshot => ({
  name,
  state,
  uniqueid,
  linkedid: uniqueid,
  callerIdNum: '',
  callerIdName: '',
  connectedLineNum: '',
  connectedLineName: '',
  context: '',
  exten: '',
});

function setup(queueWrapUps: Record<string, number> = {}, attributed: Record<string, string> = {}) {
  const applied: Array<[string, AgentInput]> = [];
  const agents = {
    apply: async (extension: string, input: AgentInput) => void applied.push([extension, input]),
  } as unknown as AgentStatusService;
  const repository = {
    queueWrapUpSeconds: async (queue: string) => queueWrapUps[queue] ?? null,
  } as unknown as AgentStatusRepository;
  const config = { wrapUpDefaultSeconds: 7 } as AgentStatusConfig;
  const attributions = {
    take: async (uniqueid: string) => attributed[uniqueid] ?? null,
  } as unknown as CallQueueAttributions;
  const sut = new AgentCallTracker(agents, repository, attributions, config);
  const send = async (...events: AmiEvent[]) => {
    events.forEach((e) => sut.onAmiEvent(e));
    await sut.drain();
  };
  return { sut, applied, send };
}

const agentChannel = channel('PJSIP/1001-0000000a', '1700.10');
const caller = channel('Local/500@from-external-00000001;2', '1700.9');

const bridgeEnter = (ch: AmiChannelSnapshot): AmiEvent => ({
  type: 'BridgeEnter',
  bridgeUniqueid: 'b1',
  bridgeType: 'basic',
  bridgeNumChannels: 2,
  channel: ch,
  swapUniqueid: '',
});
const agentConnect = (queue: string): AmiEvent => ({
  type: 'AgentConnect',
  channel: caller,
  agentChannel,
  queue,
  interface: 'PJSIP/1001',
  memberName: 'Agent 1001',
  holdTime: 2,
  ringTime: 2,
});
const hangup = (ch: AmiChannelSnapshot): AmiEvent => ({
  type: 'Hangup',
  channel: ch,
  cause: 16,
  causeText: 'Normal Clearing',
});

describe('AgentCallTracker', () => {
  it("connects a queue call once and ends it with the queue's wrap-up time", async () => {
    const { applied, send } = setup({ sales: 30 });
    await send(bridgeEnter(agentChannel), agentConnect('sales'), hangup(agentChannel));
    expect(applied).toEqual([
      ['1001', { type: 'call-connected' }],
      ['1001', { type: 'call-ended', wrapUpSeconds: 30 }],
    ]);
  });

  it('gives a direct call the default wrap-up time', async () => {
    const { applied, send } = setup();
    await send(bridgeEnter(agentChannel), hangup(agentChannel));
    expect(applied.at(-1)).toEqual(['1001', { type: 'call-ended', wrapUpSeconds: 7 }]);
  });

  it("gives a call placed outside Queue() but attributed to a queue (a dialer's) that queue's wrap-up", async () => {
    const { applied, send } = setup({ sales: 0 }, { [agentChannel.uniqueid]: 'sales' });
    await send(bridgeEnter(agentChannel), hangup(agentChannel));
    expect(applied).toEqual([
      ['1001', { type: 'call-connected' }],
      ['1001', { type: 'call-ended', wrapUpSeconds: 0 }],
    ]);
  });

  it('ends the call only when the last of two connected channels hangs up', async () => {
    const { applied, send } = setup();
    const second = channel('PJSIP/1001-0000000b', '1700.11');
    await send(bridgeEnter(agentChannel), bridgeEnter(second), hangup(agentChannel));
    expect(applied.map(([, input]) => input.type)).toEqual(['call-connected']);
    await send(hangup(second));
    expect(applied.map(([, input]) => input.type)).toEqual(['call-connected', 'call-ended']);
  });

  it('ends a call it did not see connect (a restart in between), but not a ring that was never answered', async () => {
    const { applied, send } = setup();
    await send(hangup(channel('PJSIP/1002-0000000c', '1700.12', 5)));
    expect(applied).toEqual([]);
    await send(hangup(channel('PJSIP/1002-0000000d', '1700.13', 6)));
    expect(applied).toEqual([['1002', { type: 'call-ended', wrapUpSeconds: 7 }]]);
  });

  it('ignores channels that are not phones', async () => {
    const { applied, send } = setup();
    await send(bridgeEnter(caller), hangup(caller));
    expect(applied).toEqual([]);
    expect(extensionOfChannel('PJSIP/1001-0000000a')).toBe('1001');
    expect(extensionOfChannel('PJSIP/1001@trunk-0000000a')).toBeNull();
  });
});
