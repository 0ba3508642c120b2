import {
  MEMBER_STATUSES,
  type CurrentCall,
  type MemberStatus,
  type Membership,
  type OperatorStatusData,
} from '@cc/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsString,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

const MEMBERSHIPS: readonly Membership[] = ['static', 'dynamic', 'realtime'];

export class CurrentCallDto implements CurrentCall {
  @ApiProperty({ example: 'Local/500@from-external-00000001;2' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  channel!: string;

  @ApiProperty({ example: '+15551230001' })
  @IsString()
  @MaxLength(128)
  caller!: string;

  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  since!: string;
}

/** A queue member as stored in Redis; `id` must be `{queue}:{interface}`. */
export class OperatorStatusDto implements OperatorStatusData {
  @ApiProperty({ example: 'sales:PJSIP/1001', description: 'memberId `{queue}:{interface}`' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  id!: string;

  @ApiProperty({ example: 'Agent 1001' })
  @IsString()
  @MaxLength(128)
  name!: string;

  @ApiProperty({ example: 'PJSIP/1001' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  interface!: string;

  @ApiProperty({ example: 'sales' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  queue!: string;

  @ApiProperty({ enum: MEMBER_STATUSES })
  @IsIn(MEMBER_STATUSES)
  status!: MemberStatus;

  @ApiProperty()
  @IsBoolean()
  paused!: boolean;

  @ApiProperty({ example: '' })
  @IsString()
  @MaxLength(128)
  pausedReason!: string;

  @ApiProperty()
  @IsBoolean()
  inCall!: boolean;

  @ApiProperty({ type: CurrentCallDto, nullable: true })
  @ValidateIf((_, value) => value !== null)
  @IsObject()
  @ValidateNested()
  @Type(() => CurrentCallDto)
  currentCall!: CurrentCallDto | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  @ValidateIf((_, value) => value !== null)
  @IsISO8601({ strict: true })
  lastCallAt!: string | null;

  @ApiProperty({ minimum: 0 })
  @IsInt()
  @Min(0)
  callsTaken!: number;

  @ApiProperty()
  @IsInt()
  penalty!: number;

  @ApiProperty({ enum: MEMBERSHIPS })
  @IsIn(MEMBERSHIPS)
  membership!: Membership;

  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  updatedAt!: string;
}
