import { Injectable, Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { decodeAmiEvent } from '@cc/ami';
import { AmiConnectionService } from '../../../src/ami/ami-connection.service';
import { AmiModule } from '../../../src/ami/ami.module';
import { AppEventBus } from '../../../src/events/app-event.bus';

// TODO(merge wip/core): the AMI edge emits `ami.event.received` and `ami.connection.changed` itself
// there; drop this bridge from the tests once it is merged.
/** Forwards this instance's AMI events and logins to the typed event map, as the AMI edge will. */
@Injectable()
class AmiEventsBridge implements OnModuleInit, OnModuleDestroy {
  private readonly off: Array<() => void> = [];

  constructor(
    private readonly ami: AmiConnectionService,
    private readonly events: AppEventBus,
  ) {}

  onModuleInit(): void {
    this.off.push(
      this.ami.onEvent((frame) => {
        const event = decodeAmiEvent(frame);
        if (event !== null) this.events.emit('ami.event.received', event);
      }),
      this.ami.onConnected(() =>
        this.events.emit('ami.connection.changed', { state: 'up', at: new Date().toISOString() }),
      ),
      this.ami.onStatus((status) => {
        if (status === 'disconnected')
          this.events.emit('ami.connection.changed', { state: 'down', at: new Date().toISOString() });
      }),
    );
  }

  onModuleDestroy(): void {
    this.off.splice(0).forEach((off) => off());
  }
}

@Module({ imports: [AmiModule], providers: [AmiEventsBridge] })
export class AmiEventsBridgeModule {}
