import type { BusMetricsResponse } from '@cc/contracts';
import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../access/roles.decorator';
import { BusService } from './bus.service';

@ApiTags('bus')
@ApiBearerAuth()
@Controller('bus')
export class BusController {
  constructor(private readonly bus: BusService) {}

  @Get('metrics')
  @Roles('supervisor')
  @ApiOkResponse({ description: 'Messages and consumers per queue, publish/confirm/buffer figures' })
  metrics(): Promise<BusMetricsResponse> {
    return this.bus.metrics();
  }
}
