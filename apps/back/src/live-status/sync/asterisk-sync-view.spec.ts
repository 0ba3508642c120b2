import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AMI_FIXTURES_DIR, parseAmiText } from '../testing/ami-fixture.test-support';
import { decodeQueueStatusItem, queueStatusOf } from '../../ami/asterisk-queue-status.reader';
import { asteriskSyncView } from './asterisk-sync-view';

// startup_state.ami: queues sales (rrmemory) and support (ringall), static members PJSIP/1001..1003 named
// `Agent 100x`; 1001 paused in support with reason Training (see the fixtures README).
// Decoded as the AMI edge decodes a QueueStatus answer.
function queueStatus() {
  const messages = parseAmiText(readFileSync(path.join(AMI_FIXTURES_DIR, 'startup_state.ami'), 'utf8'));
  const items = messages.filter((m) => m.ActionID === 'queuestatus-1' && m.Event !== undefined);
  return queueStatusOf(items.flatMap((frame) => decodeQueueStatusItem(frame) ?? []));
}

describe('asteriskSyncView', () => {
  it('reads queues and members from a real QueueStatus answer', () => {
    const view = asteriskSyncView(queueStatus());
    expect(view.queues.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'sales', strategy: 'rrmemory' },
      { name: 'support', strategy: 'ringall' },
    ]);
    expect(view.members).toHaveLength(6);
    expect(view.members.find((m) => m.id === 'support:PJSIP/1001')).toEqual({
      id: 'support:PJSIP/1001',
      queue: 'support',
      interface: 'PJSIP/1001',
      name: 'Agent 1001',
      penalty: 0,
      paused: true,
      pausedReason: 'Training',
    });
    expect(view.members.find((m) => m.id === 'sales:PJSIP/1002')).toMatchObject({
      paused: false,
      pausedReason: '',
    });
  });

  it('holds nothing for an empty answer', () => {
    expect(asteriskSyncView({ queues: [], members: [], callers: [] })).toEqual({ queues: [], members: [] });
  });
});
