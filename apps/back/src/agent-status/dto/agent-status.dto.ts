import {
  AGENT_STATUS_SOURCES,
  AGENT_STATUSES,
  type AgentStatus,
  type AgentStatusHistoryEntry,
  type AgentStatusHistoryPage,
  type AgentStatusSource,
  type AgentStatusView,
  type SetAgentStatusRequest,
} from '@cc/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class SetAgentStatusDto implements SetAgentStatusRequest {
  @ApiProperty({ enum: AGENT_STATUSES, example: 'BREAK' })
  @IsIn(AGENT_STATUSES, { message: `status must be one of ${AGENT_STATUSES.join(', ')}` })
  status!: AgentStatus;

  @ApiPropertyOptional({
    example: 'Lunch',
    nullable: true,
    description: 'A reason of the catalogue (code or label) belonging to the status',
  })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  reason?: string | null;
}

export class AgentHistoryQueryDto {
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description: 'Periods still running at or after it',
  })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'from must be an ISO-8601 date' })
  from?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Periods started before it' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'to must be an ISO-8601 date' })
  to?: Date;

  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  pageSize?: number;
}

export class AgentStatusViewDto implements AgentStatusView {
  @ApiProperty({ example: '1001' })
  extension!: string;
  @ApiProperty({ enum: AGENT_STATUSES })
  status!: AgentStatus;
  @ApiProperty({ enum: AGENT_STATUSES, nullable: true })
  previousStatus!: AgentStatus | null;
  @ApiProperty({ nullable: true, type: String })
  reason!: string | null;
  @ApiProperty({ enum: AGENT_STATUS_SOURCES })
  source!: AgentStatusSource;
  @ApiProperty({ format: 'date-time' })
  statusChangedAt!: string;
  @ApiProperty({ enum: AGENT_STATUSES, nullable: true, description: 'Applied when the call or wrap-up ends' })
  nextStatus!: AgentStatus | null;
  @ApiProperty({ nullable: true, type: String })
  nextReason!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  wrapUpEndsAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  userId!: string | null;
}

export class AgentStatusHistoryEntryDto implements AgentStatusHistoryEntry {
  @ApiProperty()
  id!: number;
  @ApiProperty()
  extension!: string;
  @ApiProperty({ enum: AGENT_STATUSES })
  status!: AgentStatus;
  @ApiProperty({ nullable: true, type: String })
  reason!: string | null;
  @ApiProperty({ enum: AGENT_STATUS_SOURCES })
  source!: AgentStatusSource;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  actor!: string | null;
  @ApiProperty({ format: 'date-time' })
  startedAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  endedAt!: string | null;
  @ApiProperty({ nullable: true, type: Number })
  durationSeconds!: number | null;
}

export class AgentStatusHistoryPageDto implements AgentStatusHistoryPage {
  @ApiProperty({ type: [AgentStatusHistoryEntryDto] })
  items!: AgentStatusHistoryEntryDto[];
  @ApiProperty()
  total!: number;
  @ApiProperty()
  page!: number;
  @ApiProperty()
  pageSize!: number;
}
