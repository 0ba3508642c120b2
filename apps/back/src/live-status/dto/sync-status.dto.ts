import type { QueueConfigImportResult, ResyncResult, SyncDifference, SyncStatus } from '@cc/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// Response shapes for OpenAPI.

export class SyncDifferenceDto implements SyncDifference {
  @ApiProperty({ enum: ['queue', 'member'] })
  entity!: 'queue' | 'member';

  @ApiProperty({ example: 'sales:PJSIP/1001', description: 'Queue name, or memberId `{queue}:{interface}`' })
  id!: string;

  @ApiProperty({ enum: ['missing', 'extra', 'different'] })
  kind!: 'missing' | 'extra' | 'different';

  @ApiProperty({ enum: ['redis', 'asterisk'], description: 'The side compared with Postgres' })
  against!: 'redis' | 'asterisk';

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'array', items: {}, minItems: 2, maxItems: 2 },
    description: 'For `different`: field -> [postgres, other]',
    example: { penalty: [0, 5] },
  })
  fields?: Record<string, [unknown, unknown]>;
}

class SideCountsDto {
  @ApiProperty()
  queues!: number;

  @ApiProperty()
  members!: number;
}

class ReachableSideCountsDto extends SideCountsDto {
  @ApiProperty()
  available!: boolean;
}

export class SyncStatusDto implements SyncStatus {
  @ApiProperty({ format: 'date-time' })
  checkedAt!: string;

  @ApiProperty({ description: 'Every side answered and none differs from Postgres' })
  inSync!: boolean;

  @ApiProperty({ type: SideCountsDto })
  postgres!: SideCountsDto;

  @ApiProperty({ type: ReachableSideCountsDto })
  redis!: ReachableSideCountsDto;

  @ApiProperty({ type: ReachableSideCountsDto })
  asterisk!: ReachableSideCountsDto;

  @ApiProperty({ type: [SyncDifferenceDto] })
  differences!: SyncDifferenceDto[];
}

export class ResyncResultDto implements ResyncResult {
  @ApiProperty({ description: 'Queues loaded from Postgres' })
  queues!: number;

  @ApiProperty({ description: 'Members loaded from Postgres' })
  members!: number;

  @ApiProperty({ description: 'False when this instance does not ingest AMI or Asterisk was unreachable' })
  rebuiltFromAsterisk!: boolean;
}

export class QueueConfigImportResultDto implements QueueConfigImportResult {
  @ApiProperty({ description: 'Queues Asterisk reports that Postgres did not have' })
  queuesCreated!: number;

  @ApiProperty({ description: 'Queues whose strategy Postgres stated differently' })
  queuesUpdated!: number;

  @ApiProperty({ description: 'Members Asterisk reports that Postgres did not have' })
  membersCreated!: number;

  @ApiProperty({ description: 'Members whose name, penalty or pause Postgres stated differently' })
  membersUpdated!: number;

  @ApiProperty({ description: 'Members of an imported queue that Asterisk does not list' })
  membersRemoved!: number;

  @ApiProperty({ type: [String], description: 'Queues only Postgres has; left as they are' })
  queuesOnlyInPostgres!: string[];
}
