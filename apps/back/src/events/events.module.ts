import { Global, Module } from '@nestjs/common';
import { AppEventBus } from './app-event.bus';

/** The typed in-process event bus, available everywhere (it depends on nothing of ours). */
@Global()
@Module({
  providers: [AppEventBus],
  exports: [AppEventBus],
})
export class EventsModule {}
