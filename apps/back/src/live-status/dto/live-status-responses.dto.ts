import type {
  ChannelStatusData,
  LiveStateSource,
  LiveStatusSnapshot,
  OperatorStatusData,
  QueueStatusData,
  SourcedItem,
  SourcedList,
} from '@cc/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { ChannelStatusDto } from './channel-status.dto';
import { OperatorStatusDto } from './operator-status.dto';
import { QueueStatusDto } from './queue-status.dto';

// Response shapes for OpenAPI only: Swagger cannot describe the generic SourcedList<T>, so each T gets a class.

const SOURCES: readonly LiveStateSource[] = ['redis', 'db'];
const SOURCE_DESCRIPTION =
  '`db` when Redis was unavailable and the answer comes from the Postgres configuration';

export class OperatorListDto implements SourcedList<OperatorStatusData> {
  @ApiProperty({ enum: SOURCES, description: SOURCE_DESCRIPTION })
  source!: LiveStateSource;

  @ApiProperty({ type: [OperatorStatusDto] })
  items!: OperatorStatusDto[];
}

export class OperatorItemDto implements SourcedItem<OperatorStatusData> {
  @ApiProperty({ enum: SOURCES, description: SOURCE_DESCRIPTION })
  source!: LiveStateSource;

  @ApiProperty({ type: OperatorStatusDto })
  item!: OperatorStatusDto;
}

export class ChannelListDto implements SourcedList<ChannelStatusData> {
  @ApiProperty({ enum: SOURCES, description: `${SOURCE_DESCRIPTION} (then always empty)` })
  source!: LiveStateSource;

  @ApiProperty({ type: [ChannelStatusDto] })
  items!: ChannelStatusDto[];
}

export class ChannelItemDto implements SourcedItem<ChannelStatusData> {
  @ApiProperty({ enum: SOURCES })
  source!: LiveStateSource;

  @ApiProperty({ type: ChannelStatusDto })
  item!: ChannelStatusDto;
}

export class QueueListDto implements SourcedList<QueueStatusData> {
  @ApiProperty({ enum: SOURCES, description: SOURCE_DESCRIPTION })
  source!: LiveStateSource;

  @ApiProperty({ type: [QueueStatusDto] })
  items!: QueueStatusDto[];
}

export class QueueItemDto implements SourcedItem<QueueStatusData> {
  @ApiProperty({ enum: SOURCES, description: SOURCE_DESCRIPTION })
  source!: LiveStateSource;

  @ApiProperty({ type: QueueStatusDto })
  item!: QueueStatusDto;
}

export class LiveStatusSnapshotDto implements LiveStatusSnapshot {
  @ApiProperty({ enum: SOURCES, description: SOURCE_DESCRIPTION })
  source!: LiveStateSource;

  @ApiProperty({ type: [OperatorStatusDto] })
  operators!: OperatorStatusDto[];

  @ApiProperty({ type: [ChannelStatusDto] })
  channels!: ChannelStatusDto[];

  @ApiProperty({ type: [QueueStatusDto] })
  queues!: QueueStatusDto[];

  @ApiProperty({ format: 'date-time' })
  takenAt!: string;
}

export class ClearResultDto {
  @ApiProperty({ description: 'Redis keys deleted' })
  removed!: number;
}
