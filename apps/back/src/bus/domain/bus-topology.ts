import { BUS_EXCHANGES, BUS_QUEUES, BUS_ROUTING_KEYS } from '@cc/contracts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export type QueueArguments = Record<string, string | number>;

export interface ExchangeDeclaration {
  name: string;
  type: 'topic' | 'direct';
}

export interface QueueDeclaration {
  name: string;
  arguments: QueueArguments;
}

export interface BindingDeclaration {
  queue: string;
  exchange: string;
  routingKey: string;
}

export interface BusTopology {
  exchanges: ExchangeDeclaration[];
  queues: QueueDeclaration[];
  bindings: BindingDeclaration[];
}

/** One queue of the table in issue 11 (names without the prefix). */
interface TableRow {
  queue: string;
  exchange: string;
  routingKeys: readonly string[];
  ttlMs?: number;
  maxLength?: number;
  maxPriority?: number;
  deadLetter?: { exchange: string; routingKey: string };
}

// The topology other services already rely on; every value is the table, row by row.
const TABLE: readonly TableRow[] = [
  {
    queue: BUS_QUEUES.callEvents,
    exchange: BUS_EXCHANGES.events,
    routingKeys: ['call.*'],
    ttlMs: DAY_MS,
    maxLength: 10_000,
  },
  {
    queue: BUS_QUEUES.slotEvents,
    exchange: BUS_EXCHANGES.events,
    routingKeys: ['slot.*'],
    ttlMs: DAY_MS,
    maxLength: 10_000,
  },
  { queue: BUS_QUEUES.pipelineEvents, exchange: BUS_EXCHANGES.events, routingKeys: ['pipeline.*'] },
  {
    queue: BUS_QUEUES.systemAlerts,
    exchange: BUS_EXCHANGES.events,
    routingKeys: [BUS_ROUTING_KEYS.systemAlert],
    ttlMs: 7 * DAY_MS,
    maxLength: 5_000,
  },
  {
    queue: BUS_QUEUES.guacamoleSessions,
    exchange: BUS_EXCHANGES.events,
    routingKeys: ['guacamole.session.*'],
  },
  {
    queue: BUS_QUEUES.telemetryMetrics,
    exchange: BUS_EXCHANGES.events,
    routingKeys: ['telemetry.#'],
    ttlMs: HOUR_MS,
    maxLength: 100_000,
  },
  {
    queue: BUS_QUEUES.autodialLeads,
    exchange: BUS_EXCHANGES.commands,
    routingKeys: [BUS_ROUTING_KEYS.autodialLead],
    ttlMs: HOUR_MS,
    maxLength: 50_000,
    maxPriority: 10,
  },
  {
    queue: BUS_QUEUES.gacsCommands,
    exchange: BUS_EXCHANGES.commands,
    routingKeys: ['gacs.execute'],
    deadLetter: { exchange: BUS_EXCHANGES.events, routingKey: BUS_ROUTING_KEYS.commandFailed },
  },
  {
    queue: BUS_QUEUES.slotCommands,
    exchange: BUS_EXCHANGES.commands,
    routingKeys: ['slot.restart', 'slot.drp.reboot'],
  },
  // Where every dead letter ends, kept for inspection (no TTL, no length limit: nothing is thrown away).
  {
    queue: BUS_QUEUES.failedCommands,
    exchange: BUS_EXCHANGES.events,
    routingKeys: [BUS_ROUTING_KEYS.commandFailed],
  },
];

/** Queues this service consumes; each gets retry queues for delayed redelivery. */
export const CONSUMED_QUEUES = [
  BUS_QUEUES.callEvents,
  BUS_QUEUES.systemAlerts,
  BUS_QUEUES.autodialLeads,
] as const;
export type ConsumedQueue = (typeof CONSUMED_QUEUES)[number];

/**
 * Names as deployed: production uses an empty prefix (the exact names of the table); a test run uses a
 * unique prefix so it shares the broker with other runs without touching their queues.
 */
export class BusNames {
  constructor(readonly prefix: string) {}

  exchange(name: string): string {
    return `${this.prefix}${name}`;
  }

  queue(name: string): string {
    return `${this.prefix}${name}`;
  }

  /**
   * The delay is part of the name: a queue's TTL cannot change once declared, so a new delay setting
   * declares a new retry queue instead of clashing with the old one.
   */
  retryQueue(queue: string, delayMs: number): string {
    return `${this.prefix}${queue}.retry.${delayMs}ms`;
  }
}

function queueArguments(row: TableRow, names: BusNames): QueueArguments {
  const args: QueueArguments = {};
  if (row.ttlMs !== undefined) args['x-message-ttl'] = row.ttlMs;
  if (row.maxLength !== undefined) args['x-max-length'] = row.maxLength;
  if (row.maxPriority !== undefined) args['x-max-priority'] = row.maxPriority;
  if (row.deadLetter !== undefined) {
    args['x-dead-letter-exchange'] = names.exchange(row.deadLetter.exchange);
    args['x-dead-letter-routing-key'] = row.deadLetter.routingKey;
  }
  return args;
}

/**
 * Everything declared at start-up and after each reconnect. Retry queues hold a message for their TTL,
 * then dead-letter it through the default exchange straight back into the queue it came from.
 */
export function buildBusTopology(names: BusNames, retryDelaysMs: readonly number[]): BusTopology {
  const exchanges: ExchangeDeclaration[] = [
    { name: names.exchange(BUS_EXCHANGES.events), type: 'topic' },
    { name: names.exchange(BUS_EXCHANGES.commands), type: 'topic' },
    { name: names.exchange(BUS_EXCHANGES.rpc), type: 'direct' },
  ];
  const queues: QueueDeclaration[] = TABLE.map((row) => ({
    name: names.queue(row.queue),
    arguments: queueArguments(row, names),
  }));
  const bindings: BindingDeclaration[] = TABLE.flatMap((row) =>
    row.routingKeys.map((routingKey) => ({
      queue: names.queue(row.queue),
      exchange: names.exchange(row.exchange),
      routingKey,
    })),
  );
  for (const queue of CONSUMED_QUEUES) {
    for (const delayMs of new Set(retryDelaysMs)) {
      queues.push({
        name: names.retryQueue(queue, delayMs),
        arguments: {
          'x-message-ttl': delayMs,
          'x-dead-letter-exchange': '',
          'x-dead-letter-routing-key': names.queue(queue),
        },
      });
    }
  }
  return { exchanges, queues, bindings };
}
