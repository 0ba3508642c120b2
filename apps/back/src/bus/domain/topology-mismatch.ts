/** What the broker told us when an existing queue or exchange has other arguments than ours. */
export interface TopologyMismatch {
  kind: 'queue' | 'exchange';
  name: string;
  vhost: string;
  argument: string;
  /** What we declared; null when we declare no such argument. */
  declared: string | null;
  /** What the broker holds; null when the existing entity has no such argument. */
  current: string | null;
}

// RabbitMQ (rabbit_misc:assert_args_equivalence) answers a redeclaration with other arguments with 406
// and names only the first argument that differs, e.g.
// "PRECONDITION_FAILED - inequivalent arg 'x-message-ttl' for queue 'q' in vhost '/': received '2000' but current is '1000'".
const INEQUIVALENT =
  /inequivalent arg '([^']+)' for (queue|exchange) '([^']*)' in vhost '([^']*)': received (.+?) but current is (.+?)"?$/;

// A value reads `'1000'`, `the value '1000' of type 'short'`, or `none`.
function argumentValue(text: string): string | null {
  const quoted = /'([^']*)'/.exec(text);
  return quoted ? quoted[1] : null;
}

export function parseTopologyMismatch(brokerMessage: string): TopologyMismatch | null {
  const match = INEQUIVALENT.exec(brokerMessage);
  if (!match) {
    return null;
  }
  const [, argument, kind, name, vhost, received, current] = match;
  return {
    kind: kind as TopologyMismatch['kind'],
    name,
    vhost,
    argument,
    declared: argumentValue(received),
    current: argumentValue(current),
  };
}

const show = (value: string | null): string => (value === null ? 'no value' : value);

/** One line an operator can act on: what differs, and how to make the broker match the table. */
export function describeTopologyMismatch(mismatch: TopologyMismatch): string {
  const { kind, name, vhost, argument } = mismatch;
  const difference =
    `${kind} '${name}' in vhost '${vhost}' exists with ${argument}=${show(mismatch.current)}, ` +
    `but this service declares ${argument}=${show(mismatch.declared)}`;
  // Arguments of an existing queue or exchange cannot be changed in place (a policy can override some,
  // but the declaration would still be refused), so the fix is to delete it and let us declare it again.
  const fix =
    kind === 'queue'
      ? `drain or move its messages if they matter, then delete it (rabbitmqctl delete_queue '${name}' --vhost '${vhost}') and restart this service, which re-creates it`
      : `delete it (rabbitmqadmin --vhost='${vhost}' delete exchange name='${name}') and restart this service, which re-creates it with its bindings`;
  return `${difference}; ${fix}`;
}
