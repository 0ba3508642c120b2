import type {
  ChannelStatusData,
  OperatorStatusData,
  QueueStatusData,
  AuthenticatedUser,
  QueueConfigImportResult,
  ResyncResult,
  SourcedItem,
  SourcedList,
  SyncStatus,
} from '@cc/contracts';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  NotFoundException,
  Param,
  Post,
  ServiceUnavailableException,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentUser } from '../access/current-user.decorator';
import { Roles } from '../access/roles.decorator';
import { RequestValidationException } from '../http/validation.pipe';
import { LiveStatusStoreUnavailableError } from './adapters/live-status-store-unavailable.error';
import { LiveStatusQueryService, type SourcedLookup } from './live-status-query.service';
import { memberIdOf } from './domain/live-status.types';
import { ChannelStatusDto } from './dto/channel-status.dto';
import {
  ChannelItemDto,
  ChannelListDto,
  ClearResultDto,
  LiveStatusSnapshotDto,
  OperatorItemDto,
  OperatorListDto,
  QueueItemDto,
  QueueListDto,
} from './dto/live-status-responses.dto';
import { OperatorStatusDto } from './dto/operator-status.dto';
import { QueueStatusDto } from './dto/queue-status.dto';
import { QueueConfigImportResultDto, ResyncResultDto, SyncStatusDto } from './dto/sync-status.dto';
import { QueueConfigSyncService } from './queue-config-sync.service';

const WRITE_UNAVAILABLE = 'Live store (Redis) unavailable: the change was not applied, retry later';

function found<T>(lookup: SourcedLookup<T>, what: string): SourcedItem<T> {
  if (lookup.item === null) throw new NotFoundException(`${what} not found`);
  return { source: lookup.source, item: lookup.item };
}

// Writes never fall back to Postgres: Redis down is a 503 the client can retry.
async function writing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof LiveStatusStoreUnavailableError)
      throw new ServiceUnavailableException(WRITE_UNAVAILABLE);
    throw error;
  }
}

@ApiTags('queue-status')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing or invalid bearer token' })
@ApiForbiddenResponse({ description: 'Reads need supervisor, writes need admin' })
@Roles('supervisor')
@Controller('queue-status')
export class QueueStatusController {
  constructor(
    private readonly liveStatus: LiveStatusQueryService,
    private readonly sync: QueueConfigSyncService,
  ) {}

  // --- operators (queue members) ---

  @Get('operators')
  @ApiOperation({ summary: 'Every queue member' })
  @ApiOkResponse({ type: OperatorListDto })
  async getOperators(): Promise<StreamableFile> {
    // Already JSON bytes (see LiveStatusQueryService.getOperatorsJson): sent as they are.
    return new StreamableFile(await this.liveStatus.getOperatorsJson(), {
      type: 'application/json; charset=utf-8',
    });
  }

  @Get('operators/queue/:name')
  @ApiOperation({ summary: 'The members of one queue (empty list for an unknown queue)' })
  @ApiParam({ name: 'name', example: 'sales' })
  @ApiOkResponse({ type: OperatorListDto })
  getQueueOperators(@Param('name') name: string): Promise<SourcedList<OperatorStatusData>> {
    return this.liveStatus.getQueueOperators(name);
  }

  @Get('operators/:memberId')
  @ApiOperation({ summary: 'One queue member' })
  @ApiParam({
    name: 'memberId',
    description: 'URL-encoded `{queue}:{interface}`',
    example: 'sales%3APJSIP%2F1001',
  })
  @ApiOkResponse({ type: OperatorItemDto })
  @ApiNotFoundResponse({ description: 'Unknown memberId' })
  async getOperator(@Param('memberId') memberId: string): Promise<SourcedItem<OperatorStatusData>> {
    return found(await this.liveStatus.getOperator(memberId), `Operator ${memberId}`);
  }

  @Post('operators')
  @Roles('admin')
  @ApiOperation({ summary: 'Create or replace a queue member entry in Redis' })
  @ApiCreatedResponse({ type: OperatorStatusDto })
  @ApiBadRequestResponse({ description: 'Invalid body; `details` names each field' })
  @ApiServiceUnavailableResponse({ description: 'Redis unavailable' })
  setOperator(@Body() body: OperatorStatusDto): Promise<OperatorStatusData> {
    const expectedId = memberIdOf(body.queue, body.interface);
    if (body.id !== expectedId) {
      throw new RequestValidationException([
        { field: 'id', reasons: [`id must be queue:interface (${expectedId})`] },
      ]);
    }
    return writing(() => this.liveStatus.saveOperator(body));
  }

  @Delete('operators/:memberId')
  @Roles('admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove a queue member entry from Redis' })
  @ApiParam({
    name: 'memberId',
    description: 'URL-encoded `{queue}:{interface}`',
    example: 'sales%3APJSIP%2F1001',
  })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiNotFoundResponse({ description: 'Unknown memberId' })
  @ApiServiceUnavailableResponse({ description: 'Redis unavailable' })
  async removeOperator(@Param('memberId') memberId: string): Promise<void> {
    if (!(await writing(() => this.liveStatus.deleteOperator(memberId)))) {
      throw new NotFoundException(`Operator ${memberId} not found`);
    }
  }

  // --- channels ---

  @Get('channels')
  @ApiOperation({ summary: 'Every active channel (empty with source db while Redis is down)' })
  @ApiOkResponse({ type: ChannelListDto })
  getChannels(): Promise<SourcedList<ChannelStatusData>> {
    return this.liveStatus.getChannels();
  }

  @Get('channels/:channelId')
  @ApiOperation({ summary: 'One channel by Asterisk Uniqueid' })
  @ApiOkResponse({ type: ChannelItemDto })
  @ApiNotFoundResponse({ description: 'Unknown channel' })
  @ApiServiceUnavailableResponse({ description: 'Redis unavailable: channels are kept only there' })
  async getChannel(@Param('channelId') channelId: string): Promise<SourcedItem<ChannelStatusData>> {
    const lookup = await this.liveStatus.getChannel(channelId);
    if (lookup.source === 'db') {
      throw new ServiceUnavailableException(
        `Live store (Redis) unavailable: channel ${channelId} cannot be looked up, channels are kept only there`,
      );
    }
    return found(lookup, `Channel ${channelId}`);
  }

  @Post('channels')
  @Roles('admin')
  @ApiOperation({ summary: 'Create or replace a channel entry in Redis' })
  @ApiCreatedResponse({ type: ChannelStatusDto })
  @ApiBadRequestResponse({ description: 'Invalid body; `details` names each field' })
  @ApiServiceUnavailableResponse({ description: 'Redis unavailable' })
  setChannel(@Body() body: ChannelStatusDto): Promise<ChannelStatusData> {
    return writing(() => this.liveStatus.saveChannel(body));
  }

  @Delete('channels/:channelId')
  @Roles('admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove a channel entry from Redis' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiNotFoundResponse({ description: 'Unknown channel' })
  @ApiServiceUnavailableResponse({ description: 'Redis unavailable' })
  async removeChannel(@Param('channelId') channelId: string): Promise<void> {
    if (!(await writing(() => this.liveStatus.deleteChannel(channelId)))) {
      throw new NotFoundException(`Channel ${channelId} not found`);
    }
  }

  // --- queues ---

  @Get('queues')
  @ApiOperation({ summary: 'Every queue with its aggregates' })
  @ApiOkResponse({ type: QueueListDto })
  getQueues(): Promise<SourcedList<QueueStatusData>> {
    return this.liveStatus.getQueuesSnapshot();
  }

  @Get('queues/:queueName')
  @ApiOperation({ summary: 'One queue' })
  @ApiOkResponse({ type: QueueItemDto })
  @ApiNotFoundResponse({ description: 'Unknown queue' })
  async getQueue(@Param('queueName') queueName: string): Promise<SourcedItem<QueueStatusData>> {
    return found(await this.liveStatus.getQueueStatus(queueName), `Queue ${queueName}`);
  }

  @Post('queues')
  @Roles('admin')
  @ApiOperation({ summary: 'Create or replace a queue entry in Redis' })
  @ApiCreatedResponse({ type: QueueStatusDto })
  @ApiBadRequestResponse({ description: 'Invalid body; `details` names each field' })
  @ApiServiceUnavailableResponse({ description: 'Redis unavailable' })
  setQueue(@Body() body: QueueStatusDto): Promise<QueueStatusData> {
    return writing(() => this.liveStatus.saveQueue(body));
  }

  // --- whole state ---

  @Get('snapshot')
  @ApiOperation({ summary: 'Operators, channels and queues at once' })
  @ApiOkResponse({ type: LiveStatusSnapshotDto })
  async getSnapshot(): Promise<StreamableFile> {
    // Already JSON bytes (see LiveStatusQueryService.getDashboardJson): sent as they are.
    return new StreamableFile(await this.liveStatus.getDashboardJson(), {
      type: 'application/json; charset=utf-8',
    });
  }

  @Delete('clear')
  @Roles('admin')
  @ApiOperation({ summary: 'Delete the whole live state from Redis (the ingestion rebuilds it)' })
  @ApiOkResponse({ type: ClearResultDto })
  @ApiServiceUnavailableResponse({ description: 'Redis unavailable' })
  async clear(): Promise<ClearResultDto> {
    return { removed: await writing(() => this.liveStatus.clearAll()) };
  }

  // --- Postgres / Redis / Asterisk consistency ---

  @Get('sync/status')
  @ApiOperation({ summary: 'What is missing, extra or different between Postgres, Redis and Asterisk' })
  @ApiOkResponse({ type: SyncStatusDto })
  getSyncStatus(): Promise<SyncStatus> {
    return this.sync.getSyncStatus();
  }

  @Post('sync/resync')
  @Roles('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Reload queues and members from Postgres into Redis, then rebuild from Asterisk' })
  @ApiOkResponse({ type: ResyncResultDto })
  @ApiServiceUnavailableResponse({ description: 'Redis unavailable' })
  resync(): Promise<ResyncResult> {
    return writing(() => this.sync.resyncAll());
  }

  @Post('sync/import')
  @Roles('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Write the queues and members Asterisk reports into Postgres (idempotent, audited)',
    description:
      'For a PBX configured before this application: afterwards sync/status shows no difference with ' +
      'Asterisk. Members of an imported queue that Asterisk does not list are removed; queues only ' +
      'Postgres has are left as they are.',
  })
  @ApiOkResponse({ type: QueueConfigImportResultDto })
  @ApiServiceUnavailableResponse({
    description: 'Asterisk unreachable or answered QueueStatus with an error',
  })
  importFromAsterisk(@CurrentUser() user: AuthenticatedUser): Promise<QueueConfigImportResult> {
    return this.sync.importFromAsterisk(user.username);
  }
}
