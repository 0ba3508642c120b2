import { AGENT_STATUSES, type AgentMetrics, type AgentStatus } from '@cc/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsOptional } from 'class-validator';

export class AgentMetricsQueryDto {
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description: 'Start of the range (inclusive); default the start of today, UTC',
  })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'from must be an ISO-8601 date' })
  from?: Date;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description: 'End of the range (exclusive); default and at most now',
  })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'to must be an ISO-8601 date' })
  to?: Date;
}

const SECONDS_BY_STATUS_EXAMPLE = Object.fromEntries(AGENT_STATUSES.map((s) => [s, 0])) as Record<
  AgentStatus,
  number
>;

export class AgentMetricsDto implements AgentMetrics {
  @ApiProperty({ example: '1001' })
  extension!: string;
  @ApiProperty({ format: 'date-time' })
  from!: string;
  @ApiProperty({ format: 'date-time', description: 'Cut at the time of the request' })
  to!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    example: SECONDS_BY_STATUS_EXAMPLE,
    description: 'Seconds in each of the nine statuses within the range',
  })
  secondsByStatus!: Record<AgentStatus, number>;
  @ApiProperty({ description: 'Seconds in any status but OFFLINE' })
  loggedInSeconds!: number;
  @ApiProperty({ description: 'Calls answered within the range that ended answered or transferred' })
  callsHandled!: number;
  @ApiProperty()
  talkSeconds!: number;
  @ApiProperty()
  holdSeconds!: number;
  @ApiProperty({ description: 'Seconds in WRAP_UP within the range' })
  wrapUpSeconds!: number;
  @ApiProperty({ type: Number, nullable: true, description: '(talk + hold + wrap-up) / calls handled' })
  averageHandleSeconds!: number | null;
  @ApiProperty({ description: 'The longest unbroken ONLINE stretch within the range' })
  longestIdleSeconds!: number;
  @ApiProperty({ type: Number, nullable: true, description: '(talk + hold + wrap-up) / logged-in seconds' })
  occupancy!: number | null;
}
