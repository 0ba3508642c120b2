import type { BroadcastResponse, RealtimeRoom, ServerEventName, ServerEventPayload } from '@cc/contracts';
import { Body, Controller, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiHeader,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Public } from '../access/public.decorator';
import { parseRoom } from './domain/room-access';
import {
  CallBroadcastDto,
  NotificationBroadcastDto,
  OrderBroadcastDto,
  OrderMasterAssignedBroadcastDto,
  OrderStatusChangedBroadcastDto,
  SystemAlertBroadcastDto,
} from './dto/broadcast.dto';
import { RealtimeServer } from './realtime.server';
import { WebhookTokenGuard } from './webhook-token.guard';

/** How other services push to browsers: one route per event, the body names the target rooms. */
@ApiTags('realtime')
@ApiHeader({
  name: 'x-webhook-token',
  description: 'WEBHOOK_TOKEN (or `token` in the body)',
  required: false,
})
@ApiUnauthorizedResponse({ description: 'Missing or wrong webhook token' })
@ApiBadRequestResponse({ description: 'Invalid rooms or payload; the details name each field' })
@Public()
@UseGuards(WebhookTokenGuard)
@Controller('v1/broadcast')
export class BroadcastController {
  constructor(private readonly server: RealtimeServer) {}

  @Post('call-new')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ description: 'Emitted `call:new` to the rooms' })
  callNew(@Body() body: CallBroadcastDto): BroadcastResponse {
    return this.send('call:new', body.rooms, body.payload);
  }

  @Post('call-updated')
  @HttpCode(HttpStatus.OK)
  callUpdated(@Body() body: CallBroadcastDto): BroadcastResponse {
    return this.send('call:updated', body.rooms, body.payload);
  }

  @Post('call-ended')
  @HttpCode(HttpStatus.OK)
  callEnded(@Body() body: CallBroadcastDto): BroadcastResponse {
    return this.send('call:ended', body.rooms, body.payload);
  }

  @Post('order-new')
  @HttpCode(HttpStatus.OK)
  orderNew(@Body() body: OrderBroadcastDto): BroadcastResponse {
    return this.send('order:new', body.rooms, body.payload);
  }

  @Post('order-updated')
  @HttpCode(HttpStatus.OK)
  orderUpdated(@Body() body: OrderBroadcastDto): BroadcastResponse {
    return this.send('order:updated', body.rooms, body.payload);
  }

  @Post('order-master-assigned')
  @HttpCode(HttpStatus.OK)
  orderMasterAssigned(@Body() body: OrderMasterAssignedBroadcastDto): BroadcastResponse {
    return this.send('order:master-assigned', body.rooms, body.payload);
  }

  @Post('order-status-changed')
  @HttpCode(HttpStatus.OK)
  orderStatusChanged(@Body() body: OrderStatusChangedBroadcastDto): BroadcastResponse {
    return this.send('order:status-changed', body.rooms, body.payload);
  }

  @Post('notification')
  @HttpCode(HttpStatus.OK)
  notification(@Body() body: NotificationBroadcastDto): BroadcastResponse {
    return this.send('notification', body.rooms, body.payload);
  }

  @Post('system-alert')
  @HttpCode(HttpStatus.OK)
  systemAlert(@Body() body: SystemAlertBroadcastDto): BroadcastResponse {
    return this.send('system:alert', body.rooms, body.payload);
  }

  private send<K extends ServerEventName>(
    event: K,
    names: readonly string[],
    payload: ServerEventPayload<K>,
  ): BroadcastResponse {
    // Validated already; parsing again gives the canonical names (directors -> supervisors).
    const rooms = [...new Set(names.map((name) => parseRoom(name)?.room))].filter(
      (room): room is RealtimeRoom => room !== undefined,
    );
    this.server.emit(rooms, event, payload);
    return { event, rooms };
  }
}
