import type { OperatorStatusData, SipContactStatus, SourcedList } from '@cc/contracts';

/** Asterisk names a PJSIP endpoint's device `PJSIP/{endpoint}`; queue members use the same interface. */
export const pjsipInterface = (extension: string): string => `PJSIP/${extension}`;

/**
 * One device has one state, repeated in each of its queue memberships; the most recently updated
 * membership wins if two disagree for a moment while events are applied.
 */
export function sipContactStatus(
  extension: string,
  operators: SourcedList<OperatorStatusData>,
): SipContactStatus {
  const iface = pjsipInterface(extension);
  const memberships = operators.items
    .filter((operator) => operator.interface === iface)
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  return { interface: iface, deviceState: memberships[0]?.status ?? null, source: operators.source };
}
