/** What Asterisk's answer to QueueAdd / QueueRemove / QueuePenalty means for the change we save. */
export type MemberPushVerdict =
  | { kind: 'applied' }
  /** Asterisk already has it the way we want it: save, it is the database that catches up. */
  | { kind: 'already' }
  /** The member is in queues.conf: only dynamic members can be removed (app_queue.c, RES_NOT_DYNAMIC). */
  | { kind: 'static' }
  | { kind: 'refused'; message: string };

export type MemberPushOperation = 'add' | 'remove' | 'penalty';

/**
 * Reads an AMI answer. The messages are app_queue.c's (manager_add_queue_member: "Unable to add
 * interface: Already there"; manager_remove_queue_member: "Unable to remove interface: Not there",
 * "Member not dynamic").
 */
export function memberPushVerdict(
  operation: MemberPushOperation,
  outcome: { success: boolean; message: string },
): MemberPushVerdict {
  if (outcome.success) return { kind: 'applied' };
  const message = outcome.message.toLowerCase();
  if (operation === 'add' && message.includes('already there')) return { kind: 'already' };
  if (operation === 'remove' && message.includes('not there')) return { kind: 'already' };
  if (operation === 'remove' && message.includes('not dynamic')) return { kind: 'static' };
  return { kind: 'refused', message: outcome.message };
}

/** `PJSIP/1005` -> `1005`; `Local/1005@agents/n` -> `1005`. */
export function extensionOfInterface(iface: string): string {
  const resource = iface.slice(iface.indexOf('/') + 1);
  return resource.split(/[@/;]/)[0] ?? resource;
}
