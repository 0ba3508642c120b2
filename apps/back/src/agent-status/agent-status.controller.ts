import type { AgentStatusHistoryPage, AgentStatusView, AuthenticatedUser } from '@cc/contracts';
import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  NotFoundException,
  Param,
  Put,
  Query,
  UseFilters,
} from '@nestjs/common';
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
import { SupervisorAuditService } from '../supervisor/supervisor-audit.service';
import { AgentStatusExceptionFilter } from './agent-status.exception-filter';
import { AgentStatusService } from './agent-status.service';
import {
  AgentHistoryQueryDto,
  AgentStatusHistoryPageDto,
  AgentStatusViewDto,
  SetAgentStatusDto,
} from './dto/agent-status.dto';

const EXTENSION = /^[0-9A-Za-z*#+]{1,32}$/;

@ApiTags('agents')
@ApiBearerAuth()
@UseFilters(AgentStatusExceptionFilter)
@Controller()
export class AgentStatusController {
  constructor(
    private readonly agents: AgentStatusService,
    private readonly audit: SupervisorAuditService,
  ) {}

  @Get('agents')
  @Roles('supervisor')
  @ApiOperation({ summary: 'Every agent (a user with an extension) and their current status' })
  @ApiOkResponse({ type: [AgentStatusViewDto] })
  list(): Promise<AgentStatusView[]> {
    return this.agents.list();
  }

  @Get('me/agent')
  @ApiOperation({ summary: "The logged-in operator's own agent status" })
  @ApiOkResponse({ type: AgentStatusViewDto })
  @ApiNotFoundResponse({ description: 'The user has no extension' })
  me(@CurrentUser() user: AuthenticatedUser): Promise<AgentStatusView> {
    if (user.extension === null) throw new NotFoundException('You have no extension, so no agent status');
    return this.agents.get(user.extension);
  }

  @Get('agents/:extension')
  @ApiOkResponse({ type: AgentStatusViewDto })
  @ApiForbiddenResponse({ description: "An operator asking for someone else's status" })
  @ApiNotFoundResponse({ description: 'No user has this extension' })
  get(
    @Param('extension') extension: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AgentStatusView> {
    this.checkAccess(extension, user);
    return this.agents.get(extension);
  }

  @Put('agents/:extension/status')
  @ApiOperation({
    summary: 'Change a status',
    description:
      'An operator for themself; a supervisor or admin for anyone (a forced status, applied at once and audited). ' +
      "During a call or wrap-up an operator's choice becomes the next status; ONLINE ends a wrap-up early.",
  })
  @ApiOkResponse({ type: AgentStatusViewDto })
  @ApiBadRequestResponse({
    description: 'Unknown status (lists the nine), a reason outside the catalogue, ON_CALL/WRAP_UP',
  })
  @ApiForbiddenResponse({ description: 'An operator changing someone else' })
  @ApiNotFoundResponse({ description: 'No user has this extension' })
  async setStatus(
    @Param('extension') extension: string,
    @Body() body: SetAgentStatusDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AgentStatusView> {
    const own = this.checkAccess(extension, user);
    const view = await this.agents.setStatus(extension, body.status, {
      reason: body.reason ?? null,
      source: own ? 'manual' : 'supervisor',
      actor: user.id,
    });
    if (!own)
      await this.audit.record(user.id, 'status', extension, { status: body.status, reason: view.reason });
    return view;
  }

  @Get('agents/:extension/history')
  @ApiOperation({ summary: 'Status periods overlapping [from, to), oldest first, paged' })
  @ApiOkResponse({ type: AgentStatusHistoryPageDto })
  @ApiForbiddenResponse({ description: "An operator asking for someone else's history" })
  @ApiNotFoundResponse({ description: 'No user has this extension' })
  async history(
    @Param('extension') extension: string,
    @Query() query: AgentHistoryQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AgentStatusHistoryPage> {
    this.checkAccess(extension, user);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 100;
    const result = await this.agents.history(extension, {
      from: query.from ?? null,
      to: query.to ?? null,
      page,
      pageSize,
    });
    return { ...result, page, pageSize };
  }

  /** True when the user acts on their own extension; throws when an operator reaches for another's. */
  private checkAccess(extension: string, user: AuthenticatedUser): boolean {
    if (!EXTENSION.test(extension)) throw new NotFoundException(`No agent has extension ${extension}`);
    const own = user.extension === extension;
    if (!own && !roleSatisfies(user.role, 'supervisor'))
      throw new ForbiddenException('An operator may only see and change their own status');
    return own;
  }
}
