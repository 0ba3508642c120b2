import type { AuthenticatedUser, SpyResult } from '@cc/contracts';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser } from '../access/current-user.decorator';
import { Roles } from '../access/roles.decorator';
import { SpyRequestDto, SpyResultDto } from './dto/spy.dto';
import { SupervisorSpyService } from './supervisor-spy.service';

@ApiTags('supervisor')
@ApiBearerAuth()
@Roles('supervisor')
@Controller('supervisor')
export class SupervisorController {
  constructor(private readonly spying: SupervisorSpyService) {}

  @Post('spy')
  @HttpCode(200)
  @ApiOperation({
    summary: "Listen to, whisper to, or barge into an agent's call",
    description:
      "Rings the supervisor's own extension, which then spies on the agent's channel (ChanSpy q, qw, qB). Audited.",
  })
  @ApiOkResponse({ type: SpyResultDto })
  @ApiConflictResponse({ description: 'The agent has no call' })
  @ApiUnprocessableEntityResponse({ description: 'The supervisor has no extension to ring' })
  spy(@Body() body: SpyRequestDto, @CurrentUser() user: AuthenticatedUser): Promise<SpyResult> {
    return this.spying.spy(user, body.extension, body.mode);
  }
}
