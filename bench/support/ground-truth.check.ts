// Keeps a throughput figure honest: events count as applied only if the state they leave in Redis is
// the simulator's own. The simulator answers QueueStatus from its model, and its answer follows every
// event it sent before on the same connection, so once the ingestion has drained and flushed what came
// before the answer, Redis must hold exactly what the answer lists.
import type { AmiClient } from '@cc/ami';
import { listFrames } from '../../apps/back/src/ami/ami-list.answer';
import type { LiveStatusStore } from '../../apps/back/src/live-status/adapters/live-status.store';
import { memberIdOf } from '../../apps/back/src/live-status/domain/live-status.types';

export interface GroundTruthCheck {
  members: number;
  /** One line per member whose pause state in Redis differs from the simulator's (or is missing). */
  differences: string[];
}

export async function checkMembersAgainstQueueStatus(
  client: AmiClient,
  store: LiveStatusStore,
  settle: () => Promise<void>,
): Promise<GroundTruthCheck> {
  const answer = await listFrames(client, 'QueueStatus', { timeoutMs: 30_000 });
  if (!answer.ok) throw new Error(`QueueStatus failed: ${answer.message}`);
  await settle();
  const stored = new Map((await store.getAllOperators()).map((o) => [o.id, o]));
  const differences: string[] = [];
  let members = 0;
  for (const item of answer.items) {
    if (item['Event'] !== 'QueueMember') continue;
    members++;
    const id = memberIdOf(item['Queue'] ?? '', item['Location'] ?? item['Interface'] ?? '');
    const paused = item['Paused'] === '1';
    const reason = paused ? (item['PausedReason'] ?? '') : '';
    const operator = stored.get(id);
    stored.delete(id);
    if (!operator) differences.push(`${id}: missing in Redis`);
    else if (operator.paused !== paused || operator.pausedReason !== reason)
      differences.push(
        `${id}: Redis paused=${operator.paused} '${operator.pausedReason}', ` +
          `simulator paused=${paused} '${reason}'`,
      );
  }
  for (const id of stored.keys()) differences.push(`${id}: in Redis, not in the simulator`);
  return { members, differences };
}
