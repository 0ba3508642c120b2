import type { AdminQueue, AdminQueueList, AuthenticatedUser } from '@cc/contracts';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser } from '../access/current-user.decorator';
import { Roles } from '../access/roles.decorator';
import {
  AddQueueMemberDto,
  AdminQueueDto,
  AdminQueueListDto,
  CreateQueueDto,
  UpdateQueueDto,
  UpdateQueueMemberDto,
} from './dto/queue-admin.dto';
import { QueueAdminService } from './queue-admin.service';

// A member is named by its interface, URL-encoded in the path: `members/PJSIP%2F1005`.
@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/queues')
export class QueueAdminController {
  constructor(private readonly queues: QueueAdminService) {}

  @Get()
  @ApiOkResponse({ type: AdminQueueListDto })
  async list(): Promise<AdminQueueList> {
    return { items: await this.queues.list() };
  }

  @Get(':name')
  @ApiOkResponse({ type: AdminQueueDto })
  @ApiNotFoundResponse()
  get(@Param('name') name: string): Promise<AdminQueue> {
    return this.queues.get(name);
  }

  @Post()
  @ApiOperation({ summary: 'Create a queue in Postgres (its queues.conf section is configured in Asterisk)' })
  @ApiCreatedResponse({ type: AdminQueueDto })
  @ApiConflictResponse({ description: 'The queue exists' })
  create(@Body() body: CreateQueueDto, @CurrentUser() user: AuthenticatedUser): Promise<AdminQueue> {
    return this.queues.create(user, body);
  }

  @Patch(':name')
  @ApiOkResponse({ type: AdminQueueDto })
  @ApiNotFoundResponse()
  update(
    @Param('name') name: string,
    @Body() body: UpdateQueueDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AdminQueue> {
    return this.queues.update(user, name, body);
  }

  @Delete(':name')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove its dynamic members from Asterisk (QueueRemove), then the queue' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  @ApiServiceUnavailableResponse({ description: 'Asterisk did not answer' })
  async delete(@Param('name') name: string, @CurrentUser() user: AuthenticatedUser): Promise<void> {
    await this.queues.delete(user, name);
  }

  @Post(':name/members')
  @ApiOperation({ summary: 'QueueAdd in Asterisk, then the member row' })
  @ApiCreatedResponse({ type: AdminQueueDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'Already a member, or Asterisk refused' })
  @ApiServiceUnavailableResponse({ description: 'Asterisk did not answer; nothing was changed' })
  addMember(
    @Param('name') name: string,
    @Body() body: AddQueueMemberDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AdminQueue> {
    return this.queues.addMember(user, name, body);
  }

  @Patch(':name/members/:interface')
  @ApiOperation({ summary: 'QueuePenalty in Asterisk, then the member row' })
  @ApiOkResponse({ type: AdminQueueDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'Asterisk refused' })
  @ApiServiceUnavailableResponse({ description: 'Asterisk did not answer; nothing was changed' })
  setPenalty(
    @Param('name') name: string,
    @Param('interface') iface: string,
    @Body() body: UpdateQueueMemberDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AdminQueue> {
    return this.queues.setPenalty(user, name, iface, body.penalty);
  }

  @Delete(':name/members/:interface')
  @ApiOperation({ summary: 'QueueRemove in Asterisk, then the member row' })
  @ApiOkResponse({ type: AdminQueueDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'A static member of queues.conf, or Asterisk refused' })
  @ApiServiceUnavailableResponse({ description: 'Asterisk did not answer; nothing was changed' })
  removeMember(
    @Param('name') name: string,
    @Param('interface') iface: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AdminQueue> {
    return this.queues.removeMember(user, name, iface);
  }
}
