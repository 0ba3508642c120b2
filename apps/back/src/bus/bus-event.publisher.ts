import { type AgentStatusChangedEvent, BUS_ROUTING_KEYS, type CallFacts } from '@cc/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { OnAppEvent } from '../events/on-app-event.decorator';
import { BusService } from './bus.service';
import { agentStatusBusEvent, callBusEvent, type LedgerCallEvent } from './domain/bus-wire';

/** Puts the call ledger's and agent status's domain events on vss.events, in the old wire shape. */
@Injectable()
export class BusEventPublisher {
  private readonly logger = new Logger(BusEventPublisher.name);

  constructor(private readonly bus: BusService) {}

  @OnAppEvent('call.started')
  onCallStarted(call: CallFacts): void {
    void this.publishCall('call.started', call);
  }

  @OnAppEvent('call.answered')
  onCallAnswered(call: CallFacts): void {
    void this.publishCall('call.answered', call);
  }

  @OnAppEvent('call.ended')
  onCallEnded(call: CallFacts): void {
    void this.publishCall('call.ended', call);
  }

  @OnAppEvent('agent.status.changed')
  onAgentStatusChanged(change: AgentStatusChangedEvent): void {
    void this.send(BUS_ROUTING_KEYS.agentStatusChanged, agentStatusBusEvent(change), change.extension);
  }

  private async publishCall(name: LedgerCallEvent, call: CallFacts): Promise<void> {
    const body = callBusEvent(name, call, new Date());
    await this.send(body.event, body, call.uniqueid);
  }

  // The publisher buffers while the broker is away; only a full buffer or shutdown ends here.
  private async send(routingKey: string, body: unknown, id: string): Promise<void> {
    if (!this.bus.enabled) return;
    try {
      await this.bus.publishEvent(routingKey, body);
    } catch (error) {
      this.logger.warn(
        `[${id}] ${routingKey} not published: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
