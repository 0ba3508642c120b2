import type {
  CallBroadcastPayload,
  CallBusEvent,
  CallFacts,
  NotificationSeverity,
  RealtimeRoom,
  SystemAlertAudience,
  SystemAlertSeverity,
} from '@cc/contracts';
import { Injectable } from '@nestjs/common';
import type { AppEvents } from '../events/app-events';
import { OnAppEvent } from '../events/on-app-event.decorator';
import { RealtimeServer } from './realtime.server';

const SUPERVISION: RealtimeRoom[] = ['supervisors', 'admins'];

/**
 * Domain events of other features, pushed to the rooms that care. They are raised on whichever
 * instance handled them; the adapter carries the broadcast to the sockets on every instance.
 */
@Injectable()
export class DomainEventRelay {
  constructor(private readonly server: RealtimeServer) {}

  @OnAppEvent('agent.status.changed')
  agentStatusChanged(event: AppEvents['agent.status.changed']): void {
    this.server.emit([`agent:${event.extension}`, ...SUPERVISION], 'agent:status_changed', event);
  }

  @OnAppEvent('call.started')
  callStarted(call: AppEvents['call.started']): void {
    this.server.emit(callRooms(call), 'call:new', call);
  }

  @OnAppEvent('call.answered')
  callAnswered(call: AppEvents['call.answered']): void {
    this.server.emit(callRooms(call), 'call:updated', call);
  }

  @OnAppEvent('call.ended')
  callEnded(call: AppEvents['call.ended']): void {
    this.server.emit(callRooms(call), 'call:ended', call);
  }

  /** A call another service announced on vss.call.events, in the shape of the REST broadcast. */
  @OnAppEvent('bus.call.received')
  busCallReceived({ change, call }: AppEvents['bus.call.received']): void {
    const payload = callBroadcastOf(call);
    const rooms: RealtimeRoom[] = call.operator_id
      ? [`agent:${call.operator_id}`, ...SUPERVISION]
      : SUPERVISION;
    const event = change === 'new' ? 'call:new' : change === 'updated' ? 'call:updated' : 'call:ended';
    this.server.emit(rooms, event, payload);
  }

  @OnAppEvent('system.alert.raised')
  systemAlertRaised({ alert, audience }: AppEvents['system.alert.raised']): void {
    this.server.emit(alertRooms(audience), 'system:alert', {
      type: alert.source,
      message: alert.message,
      severity: notificationSeverity(alert.severity),
      timestamp: alert.timestamp,
    });
  }
}

export function callBroadcastOf(call: CallBusEvent): CallBroadcastPayload {
  return {
    callId: call.call_id,
    ...(call.phone_number ? { callerNumber: call.phone_number } : {}),
    ...(call.caller_name ? { callerName: call.caller_name } : {}),
    ...(call.queue ? { queue: call.queue } : {}),
    ...(call.operator_id ? { extension: call.operator_id, operatorId: call.operator_id } : {}),
    status: call.status,
    data: { direction: call.direction, linkedId: call.linked_id, timestamp: call.timestamp },
  };
}

// An alert for operators concerns everyone above them too: the rooms widen with the audience.
export function alertRooms(audience: SystemAlertAudience): RealtimeRoom[] {
  if (audience === 'operators') return ['operators', 'supervisors', 'admins'];
  if (audience === 'supervisors') return ['supervisors', 'admins'];
  return ['admins'];
}

// The bus speaks info|warning|error|critical; browsers know info|success|warning|error.
export function notificationSeverity(severity: SystemAlertSeverity): NotificationSeverity {
  return severity === 'critical' ? 'error' : severity;
}

function callRooms(call: CallFacts): RealtimeRoom[] {
  return call.agentExtension ? [`agent:${call.agentExtension}`, ...SUPERVISION] : SUPERVISION;
}
