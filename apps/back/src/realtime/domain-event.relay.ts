import type { CallFacts, RealtimeRoom } from '@cc/contracts';
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
}

function callRooms(call: CallFacts): RealtimeRoom[] {
  return call.agentExtension ? [`agent:${call.agentExtension}`, ...SUPERVISION] : SUPERVISION;
}
