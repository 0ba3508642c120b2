import {
  type AddQueueMemberRequest,
  type AdminQueue,
  type AdminQueueList,
  type AdminQueueMember,
  type CreateQueueRequest,
  QUEUE_STRATEGIES,
  type QueueStrategy,
  type UpdateQueueMemberRequest,
  type UpdateQueueRequest,
} from '@cc/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

// Queue names end up in queues.conf section names and AMI headers: no spaces, commas or brackets.
const QUEUE_NAME = /^[A-Za-z0-9_.-]{1,128}$/;
// `PJSIP/1005`, `Local/1005@agents/n`: technology, slash, then no whitespace or comma (AMI/dialplan separators).
export const MEMBER_INTERFACE = /^[A-Za-z0-9]+\/[^\s,|]{1,120}$/;
const STRATEGY_MESSAGE = `strategy must be one of ${QUEUE_STRATEGIES.join(', ')}`;
const DAY_SECONDS = 86_400;

export class CreateQueueDto implements CreateQueueRequest {
  @ApiProperty({ example: 'billing' })
  @IsString()
  @Matches(QUEUE_NAME, { message: 'name must be 1-128 letters, digits, dots, dashes or underscores' })
  name!: string;

  @ApiProperty({ enum: QUEUE_STRATEGIES })
  @IsIn(QUEUE_STRATEGIES, { message: STRATEGY_MESSAGE })
  strategy!: QueueStrategy;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @IsInt({ message: 'wrapupSeconds must be a whole number of seconds' })
  @Min(0, { message: 'wrapupSeconds must not be negative' })
  @Max(DAY_SECONDS, { message: 'wrapupSeconds must be at most a day' })
  wrapupSeconds?: number;

  @ApiPropertyOptional({ default: 20 })
  @IsOptional()
  @IsInt({ message: 'serviceLevelSeconds must be a whole number of seconds' })
  @Min(1, { message: 'serviceLevelSeconds must be at least 1' })
  @Max(DAY_SECONDS, { message: 'serviceLevelSeconds must be at most a day' })
  serviceLevelSeconds?: number;
}

export class UpdateQueueDto implements UpdateQueueRequest {
  @ApiPropertyOptional({ enum: QUEUE_STRATEGIES })
  @IsOptional()
  @IsIn(QUEUE_STRATEGIES, { message: STRATEGY_MESSAGE })
  strategy?: QueueStrategy;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt({ message: 'wrapupSeconds must be a whole number of seconds' })
  @Min(0, { message: 'wrapupSeconds must not be negative' })
  @Max(DAY_SECONDS, { message: 'wrapupSeconds must be at most a day' })
  wrapupSeconds?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt({ message: 'serviceLevelSeconds must be a whole number of seconds' })
  @Min(1, { message: 'serviceLevelSeconds must be at least 1' })
  @Max(DAY_SECONDS, { message: 'serviceLevelSeconds must be at most a day' })
  serviceLevelSeconds?: number;
}

export class AddQueueMemberDto implements AddQueueMemberRequest {
  @ApiProperty({ example: 'PJSIP/1005' })
  @IsString()
  @Matches(MEMBER_INTERFACE, { message: 'interface must look like PJSIP/1005' })
  interface!: string;

  @ApiPropertyOptional({ example: 'Agent 1005' })
  @IsOptional()
  @IsString()
  @MaxLength(128, { message: 'memberName must be at most 128 characters' })
  memberName?: string;

  @ApiPropertyOptional({ example: '1005' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9A-Za-z*#+]{1,32}$/, { message: 'extension must be a dial string of up to 32 characters' })
  extension?: string;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @IsInt({ message: 'penalty must be a whole number' })
  @Min(0, { message: 'penalty must not be negative' })
  @Max(1000, { message: 'penalty must be at most 1000' })
  penalty?: number;
}

export class UpdateQueueMemberDto implements UpdateQueueMemberRequest {
  @ApiProperty({ example: 2 })
  @IsInt({ message: 'penalty must be a whole number' })
  @Min(0, { message: 'penalty must not be negative' })
  @Max(1000, { message: 'penalty must be at most 1000' })
  penalty!: number;
}

export class AdminQueueMemberDto implements AdminQueueMember {
  @ApiProperty({ example: 'PJSIP/1005' })
  interface!: string;
  @ApiProperty()
  memberName!: string;
  @ApiProperty()
  extension!: string;
  @ApiProperty()
  penalty!: number;
}

export class AdminQueueDto implements AdminQueue {
  @ApiProperty()
  name!: string;
  @ApiProperty()
  strategy!: string;
  @ApiProperty()
  wrapupSeconds!: number;
  @ApiProperty()
  serviceLevelSeconds!: number;
  @ApiProperty({ type: [AdminQueueMemberDto] })
  members!: AdminQueueMemberDto[];
}

export class AdminQueueListDto implements AdminQueueList {
  @ApiProperty({ type: [AdminQueueDto] })
  items!: AdminQueueDto[];
}
