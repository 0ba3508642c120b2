/**
 * The RabbitMQ bus other services of the contact centre share with us: exchange, queue and routing-key
 * names (other services already rely on them, so they never change), and the JSON bodies we exchange.
 * Bodies keep the snake_case wire fields of the system we replace (event, timestamp, call_id…).
 */

export const BUS_EXCHANGES = {
  events: 'vss.events',
  commands: 'vss.commands',
  rpc: 'vss.rpc',
} as const;

export const BUS_QUEUES = {
  callEvents: 'vss.call.events',
  slotEvents: 'vss.slot.events',
  pipelineEvents: 'vss.pipeline.events',
  systemAlerts: 'vss.system.alerts',
  guacamoleSessions: 'vss.guacamole.sessions',
  telemetryMetrics: 'vss.telemetry.metrics',
  autodialLeads: 'vss.autodial.leads',
  gacsCommands: 'vss.gacs.commands',
  slotCommands: 'vss.slot.commands',
  failedCommands: 'vss.failed.commands',
} as const;
export type BusQueueKey = keyof typeof BUS_QUEUES;

export const BUS_ROUTING_KEYS = {
  callStart: 'call.start',
  callUpdate: 'call.update',
  callEnd: 'call.end',
  agentStatusChanged: 'agent.status.changed',
  systemAlert: 'system.alert',
  autodialLead: 'autodial.lead',
  commandFailed: 'command.failed',
} as const;

/** Version of the bodies below; carried in the `x-schema-version` header of every message. */
export const BUS_SCHEMA_VERSION = 1;

/** `call.start` / `call.update` / `call.end` on vss.events. */
export interface CallBusEvent {
  event: 'call.start' | 'call.update' | 'call.end';
  /** ISO-8601 time of the fact. */
  timestamp: string;
  call_id: string;
  linked_id: string | null;
  phone_number: string | null;
  caller_name: string | null;
  /** Extension of the agent on the call; null while nobody answered. */
  operator_id: string | null;
  queue: string | null;
  direction: 'inbound' | 'outbound' | 'internal';
  status: 'ringing' | 'answered' | 'ended';
  answered_at: string | null;
  ended_at: string | null;
  wait_seconds: number | null;
  talk_seconds: number | null;
  disposition: 'answered' | 'abandoned' | 'timeout' | 'transferred' | 'failed' | null;
  /** Set on calls the autodialer placed. */
  lead_id?: string | null;
  campaign_id?: string | null;
}

/** `agent.status.changed` on vss.events. */
export interface AgentStatusBusEvent {
  event: 'agent.status.changed';
  timestamp: string;
  operator_id: string;
  status: string;
  previous_status: string | null;
  reason: string | null;
  source: string;
}

export const SYSTEM_ALERT_SEVERITIES = ['info', 'warning', 'error', 'critical'] as const;
export type SystemAlertSeverity = (typeof SYSTEM_ALERT_SEVERITIES)[number];

/** `system.alert` on vss.events. */
export interface SystemAlertBusEvent {
  event: 'system.alert';
  timestamp: string;
  severity: SystemAlertSeverity;
  message: string;
  details: Record<string, unknown>;
  /** Which service or component raised it, e.g. `callcenter-live/ami`. */
  source: string;
}

/** `autodial.lead` on vss.commands: one lead for the autodialer to call. */
export interface AutodialLeadCommand {
  event: 'autodial.lead';
  timestamp: string;
  lead_id: string;
  campaign_id: string;
  phone_number: string;
  /** 0..10, the message priority too. */
  priority: number;
}

/** Figures of one queue as the broker reports them. */
export interface BusQueueFigures {
  queue: string;
  messages: number;
  consumers: number;
}

/** GET /api/bus/metrics. */
export interface BusMetricsResponse {
  enabled: boolean;
  connection: 'connected' | 'connecting' | 'disconnected' | 'misconfigured' | 'disabled';
  /** Start-up problems, e.g. a queue that exists with other arguments and how to fix it. */
  problems: string[];
  queues: BusQueueFigures[];
  publisher: {
    published: number;
    confirmed: number;
    /** Publishes the broker refused (nack) or lost with a channel; each was sent again. */
    republished: number;
    buffered: number;
    bufferCapacity: number;
    overflowPolicy: BusOverflowPolicy;
    overflowed: number;
    inFlight: number;
  };
  consumers: {
    queue: string;
    handled: number;
    duplicates: number;
    retried: number;
    deadLettered: number;
  }[];
}

/** When the publish buffer is full: refuse the new message, or drop the oldest buffered one. */
export const BUS_OVERFLOW_POLICIES = ['reject-new', 'drop-oldest'] as const;
export type BusOverflowPolicy = (typeof BUS_OVERFLOW_POLICIES)[number];

/** Who sees an alert that came over the bus: the wider the audience, the more severe the alert. */
export type SystemAlertAudience = 'admins' | 'supervisors' | 'operators';

/** Payload of the in-process `system.alert.raised` event (the gateway relays it to `audience`'s room). */
export interface SystemAlertRaisedEvent {
  alert: SystemAlertBusEvent;
  audience: SystemAlertAudience;
}

/** Payload of the in-process `bus.call.received` event: a call event another service published. */
export interface BusCallReceivedEvent {
  /** `new` for call.start, `updated` for call.update, `ended` for call.end (the gateway's call:new/updated/ended). */
  change: 'new' | 'updated' | 'ended';
  call: CallBusEvent;
}

/** Payload of the in-process `agent.pause.drift.detected` event: Asterisk's pause disagrees with the agent's status. */
export interface PauseDriftDetectedEvent {
  extension: string;
  queue: string | null;
  expectedPaused: boolean;
  actualPaused: boolean;
  at: string;
}
