import type { AgentMetrics, AuthenticatedUser } from '@cc/contracts';
import { Controller, ForbiddenException, Get, NotFoundException, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser } from '../access/current-user.decorator';
import { roleSatisfies } from '../auth/domain/role-hierarchy';
import { Roles } from '../access/roles.decorator';
import { RequestValidationException } from '../http/validation.pipe';
import { AgentMetricsService } from './agent-metrics.service';
import type { MetricsRange } from './domain/agent-metrics';
import { AgentMetricsDto, AgentMetricsQueryDto } from './dto/agent-metrics.dto';

const EXTENSION = /^[0-9A-Za-z*#+]{1,32}$/;
const MAX_RANGE_DAYS = 366;

function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/** The range asked for, defaulting to today (UTC) and cut at now; 400 naming the field when wrong. */
function rangeOf(query: AgentMetricsQueryDto, now = new Date()): MetricsRange {
  const from = query.from ?? startOfUtcDay(now);
  const asked = query.to ?? now;
  const to = asked.getTime() > now.getTime() ? now : asked;
  if (from.getTime() >= to.getTime())
    throw new RequestValidationException([
      {
        field: query.to === undefined ? 'from' : 'to',
        reasons: ['to must be after from, and from before now'],
      },
    ]);
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000)
    throw new RequestValidationException([
      { field: 'from', reasons: [`the range must not exceed ${MAX_RANGE_DAYS} days`] },
    ]);
  return { from, to };
}

@ApiTags('agents')
@ApiBearerAuth()
@Controller()
export class AgentMetricsController {
  constructor(private readonly metrics: AgentMetricsService) {}

  @Get('agents/metrics')
  @Roles('supervisor')
  @ApiOperation({
    summary: "Every agent's metrics over [from, to)",
    description: 'Computed from the status history and the call ledger; see docs/agent-status.md, "Metrics".',
  })
  @ApiOkResponse({ type: [AgentMetricsDto] })
  @ApiBadRequestResponse({ description: 'A date that is not ISO-8601, or to not after from' })
  all(@Query() query: AgentMetricsQueryDto): Promise<AgentMetrics[]> {
    return this.metrics.forAll(rangeOf(query));
  }

  @Get('agents/:extension/metrics')
  @ApiOperation({
    summary: "An agent's metrics over [from, to)",
    description: 'An operator for themself; a supervisor or admin for anyone.',
  })
  @ApiOkResponse({ type: AgentMetricsDto })
  @ApiBadRequestResponse({ description: 'A date that is not ISO-8601, or to not after from' })
  @ApiForbiddenResponse({ description: "An operator asking for someone else's metrics" })
  @ApiNotFoundResponse({ description: 'No user has this extension' })
  one(
    @Param('extension') extension: string,
    @Query() query: AgentMetricsQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AgentMetrics> {
    if (!EXTENSION.test(extension)) throw new NotFoundException(`No agent has extension ${extension}`);
    if (user.extension !== extension && !roleSatisfies(user.role, 'supervisor'))
      throw new ForbiddenException('An operator may only see their own metrics');
    return this.metrics.forAgent(extension, rangeOf(query));
  }
}
