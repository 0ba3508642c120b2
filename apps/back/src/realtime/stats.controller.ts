import type { ConnectionStats, RoomStats } from '@cc/contracts';
import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../access/roles.decorator';
import { RealtimeStatsService } from './realtime-stats.service';

@ApiTags('realtime')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: 'Supervisors and admins only' })
@Roles('supervisor')
@Controller('v1/stats')
export class StatsController {
  constructor(private readonly stats: RealtimeStatsService) {}

  @Get('connections')
  @ApiOkResponse({
    description: 'Sockets and online users over every instance; `partial` when one did not answer',
  })
  connections(): Promise<ConnectionStats> {
    return this.stats.connections();
  }

  @Get('rooms')
  @ApiOkResponse({ description: 'Sockets per room over every instance; `partial` when one did not answer' })
  rooms(): Promise<RoomStats> {
    return this.stats.rooms();
  }
}
