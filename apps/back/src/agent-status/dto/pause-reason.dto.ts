import {
  AGENT_STATUSES,
  type AgentStatus,
  type CreatePauseReasonRequest,
  type PauseReason,
  type UpdatePauseReasonRequest,
} from '@cc/contracts';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

// Reasons belong to statuses that pause; ONLINE and the automatic ones take none.
const REASON_STATUSES = AGENT_STATUSES.filter((s) => s !== 'ONLINE' && s !== 'ON_CALL' && s !== 'WRAP_UP');

export class CreatePauseReasonDto implements CreatePauseReasonRequest {
  @ApiProperty({ example: 'LUNCH' })
  @IsString()
  @Matches(/^[A-Z0-9_]{1,64}$/, { message: 'code must be 1-64 upper-case letters, digits or _' })
  code!: string;

  @ApiProperty({ example: 'Lunch' })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  label!: string;

  @ApiProperty({ enum: REASON_STATUSES })
  @IsIn(REASON_STATUSES, { message: `status must be one of ${REASON_STATUSES.join(', ')}` })
  status!: AgentStatus;

  @ApiProperty()
  @IsBoolean()
  paid!: boolean;

  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  maxDurationSeconds!: number | null;
}

export class UpdatePauseReasonDto
  extends PartialType(CreatePauseReasonDto)
  implements UpdatePauseReasonRequest {}

export class PauseReasonDto implements PauseReason {
  @ApiProperty()
  id!: number;
  @ApiProperty()
  code!: string;
  @ApiProperty()
  label!: string;
  @ApiProperty({ enum: AGENT_STATUSES })
  status!: AgentStatus;
  @ApiProperty()
  paid!: boolean;
  @ApiProperty({ nullable: true, type: Number })
  maxDurationSeconds!: number | null;
}
