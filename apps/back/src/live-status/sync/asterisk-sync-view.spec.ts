import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AMI_FIXTURES_DIR, parseAmiText } from '../testing/ami-fixture.test-support';
import { asteriskSyncView } from './asterisk-sync-view';

// startup_state.ami: queues sales (rrmemory) and support (ringall), static members PJSIP/1001..1003 named
// `Agent 100x`; 1001 paused in support with reason Training (see the fixtures README).
function queueStatusItems() {
  const messages = parseAmiText(readFileSync(path.join(AMI_FIXTURES_DIR, 'startup_state.ami'), 'utf8'));
  return messages.filter((m) => m.ActionID === 'queuestatus-1' && m.Event !== undefined);
}

describe('asteriskSyncView', () => {
  it('reads queues and members from a real QueueStatus answer', () => {
    const view = asteriskSyncView(queueStatusItems(), new Date('2026-11-24T04:00:00.000Z'));
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
    expect(asteriskSyncView([], new Date())).toEqual({ queues: [], members: [] });
  });
});
