// QueueMemberStatus events that really change a member, built from the simulator's own member block so
// field names and order are the ones Asterisk sends.
import type { AmiFields, PbxSimulator, SimMember } from '@cc/pbx-sim';

export function simMembers(sim: PbxSimulator): SimMember[] {
  return [...sim.model.queues.values()].flatMap((queue) => queue.members);
}

/** `member` paused (with `reason`) or not, every other field as the simulator reports it. */
export function memberStatusEvent(
  sim: PbxSimulator,
  member: SimMember,
  paused: boolean,
  reason: string,
): AmiFields {
  const fields: AmiFields = [
    ['Event', 'QueueMemberStatus'],
    ['Privilege', 'agent,all'],
    ...sim.model.memberBlock(member, 1),
  ];
  return fields.map(([name, value]): [string, string] => {
    if (name === 'Paused') return [name, paused ? '1' : '0'];
    if (name === 'PausedReason') return [name, reason];
    return [name, value];
  });
}
