import {
  type AgentStatusBusEvent,
  type AgentStatusChangedEvent,
  type CallBusEvent,
  type CallFacts,
  type SystemAlertAudience,
  type SystemAlertSeverity,
} from '@cc/contracts';

export type LedgerCallEvent = 'call.started' | 'call.answered' | 'call.ended';

const WIRE_EVENT: Record<LedgerCallEvent, CallBusEvent['event']> = {
  'call.started': 'call.start',
  'call.answered': 'call.update',
  'call.ended': 'call.end',
};

const STATUS: Record<LedgerCallEvent, CallBusEvent['status']> = {
  'call.started': 'ringing',
  'call.answered': 'answered',
  'call.ended': 'ended',
};

/** The ledger's facts in the wire shape other services read (the old field names). */
export function callBusEvent(name: LedgerCallEvent, call: CallFacts, now: Date): CallBusEvent {
  const at =
    name === 'call.ended' ? call.endedAt : name === 'call.answered' ? call.answeredAt : call.enqueuedAt;
  return {
    event: WIRE_EVENT[name],
    timestamp: at ?? now.toISOString(),
    call_id: call.uniqueid,
    linked_id: call.linkedid,
    phone_number: call.callerNumber,
    caller_name: call.callerName,
    operator_id: call.agentExtension,
    queue: call.queue,
    direction: call.direction,
    status: STATUS[name],
    answered_at: call.answeredAt,
    ended_at: call.endedAt,
    wait_seconds: call.waitSeconds,
    talk_seconds: call.talkSeconds,
    disposition: call.disposition,
  };
}

export function agentStatusBusEvent(change: AgentStatusChangedEvent): AgentStatusBusEvent {
  return {
    event: 'agent.status.changed',
    timestamp: change.statusChangedAt,
    operator_id: change.extension,
    status: change.status,
    previous_status: change.previousStatus,
    reason: change.reason,
    source: change.source,
  };
}

/** The more severe the alert, the wider the room: critical reaches every operator. */
export function alertAudience(severity: SystemAlertSeverity): SystemAlertAudience {
  switch (severity) {
    case 'critical':
      return 'operators';
    case 'error':
      return 'supervisors';
    default:
      return 'admins';
  }
}
