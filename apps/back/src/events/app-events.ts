import type { AmiEvent } from '@cc/ami';
import type {
  AgentStatusChangedEvent,
  CallFacts,
  ChannelStatusData,
  LiveStatusChange,
  OperatorStatusData,
  QueueStatusData,
} from '@cc/contracts';
import type { BusCallReceivedEvent, PauseDriftDetectedEvent, SystemAlertRaisedEvent } from '@cc/contracts';
import type { DialerCampaignProgressedEvent } from '@cc/contracts';

/** The whole live state after a rebuild, and the last change version it includes. */
export interface LiveStateRebuiltEvent {
  at: string;
  version: number;
  operators: readonly OperatorStatusData[];
  channels: readonly ChannelStatusData[];
  queues: readonly QueueStatusData[];
}

/**
 * Every in-process domain event, by name, with its payload: the one way features talk to each other.
 * Upstream modules emit; downstream modules subscribe with `@OnAppEvent`. Names read
 * `<context>.<entity>.<past-tense>`. Payloads are plain data (no classes, no frames), so the gateway
 * and the bus can forward them as they are.
 */
export interface AppEvents {
  /**
   * Live-state changes in the order the reducer made them, batched per processing turn. Emitted only
   * by the instance that ingests AMI; `version` grows by one per change on that instance.
   */
  'live.state.changed': { changes: readonly LiveStatusChange[] };
  /**
   * The live state was replaced from Asterisk's lists (ingesting instance only). It carries the whole
   * state, so a consumer can hold a mirror: the last rebuild plus every later change.
   */
  'live.state.rebuilt': LiveStateRebuiltEvent;
  /** A typed AMI event a feature uses (see `decodeAmiEvent`), on the ingesting instance only. */
  'ami.event.received': AmiEvent;
  /** The AMI session that carries events logged in (`up`) or was lost (`down`), on the ingesting instance. */
  'ami.connection.changed': { state: 'up' | 'down'; at: string };
  /** This instance took (`leader`) or lost (`standby`) the ingestion lease. */
  'leadership.changed': { role: 'leader' | 'standby'; instanceId: string; at: string };
  'agent.status.changed': AgentStatusChangedEvent;
  'call.started': CallFacts;
  'call.answered': CallFacts;
  'call.ended': CallFacts;
  /** A `call.*` event another service published on vss.events (the bus consumer; for the gateway). */
  'bus.call.received': BusCallReceivedEvent;
  /** A `system.alert` from vss.system.alerts, with the room that should see it (for the gateway). */
  'system.alert.raised': SystemAlertRaisedEvent;
  /** Asterisk's queue pause of an agent disagrees with the status we hold (agent status emits; the bus alerts). */
  'agent.pause.drift.detected': PauseDriftDetectedEvent;
  /** A campaign's figures changed (a lead was dialled, connected, finished…): the gateway's `dialer:progress`. */
  'dialer.campaign.progressed': DialerCampaignProgressedEvent;
  /** An admin disabled, deleted or changed a user: their tokens are refused from now on (the gateway drops their sockets). */
  'user.access.revoked': { userId: string; at: string };
}

export type AppEventName = keyof AppEvents;
