import { Module } from '@nestjs/common';
import { HealthModule } from '../health/health.module';
import { BusEventPublisher } from './bus-event.publisher';
import { BusInboundHandlers } from './bus-inbound.handlers';
import { BusController } from './bus.controller';
import { BusService } from './bus.service';
import { SystemAlertMonitor } from './system-alert.monitor';

/** RabbitMQ: topology, lossless publishing of our domain events, consumers for other services' messages. */
@Module({
  imports: [HealthModule],
  controllers: [BusController],
  providers: [BusService, BusEventPublisher, BusInboundHandlers, SystemAlertMonitor],
  exports: [BusService],
})
export class BusModule {}
