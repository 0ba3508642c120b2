import type { QueueCallerData, QueueStatusData } from '@cc/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

export class QueueCallerDto implements QueueCallerData {
  @ApiProperty({ example: '1795381593.1' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(150)
  uniqueid!: string;

  @ApiProperty({ example: 'Local/501@from-external-00000000;2' })
  @IsString()
  @MaxLength(256)
  channel!: string;

  @ApiProperty({ example: '+15551230009' })
  @IsString()
  @MaxLength(128)
  callerId!: string;

  @ApiProperty({ example: 'Customer Nine' })
  @IsString()
  @MaxLength(128)
  callerName!: string;

  @ApiProperty({ minimum: 1 })
  @IsInt()
  @Min(1)
  position!: number;

  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  joinedAt!: string;
}

export class QueueStatusDto implements QueueStatusData {
  @ApiProperty({ example: 'sales' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  name!: string;

  @ApiProperty({ type: String, nullable: true, example: 'rrmemory' })
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(32)
  strategy!: string | null;

  @ApiProperty({ minimum: 0 })
  @IsInt()
  @Min(0)
  totalMembers!: number;

  @ApiProperty({ minimum: 0 })
  @IsInt()
  @Min(0)
  available!: number;

  @ApiProperty({ minimum: 0 })
  @IsInt()
  @Min(0)
  busy!: number;

  @ApiProperty({ minimum: 0 })
  @IsInt()
  @Min(0)
  paused!: number;

  @ApiProperty({ minimum: 0 })
  @IsInt()
  @Min(0)
  unavailable!: number;

  @ApiProperty({ minimum: 0 })
  @IsInt()
  @Min(0)
  callersWaiting!: number;

  @ApiProperty({ minimum: 0, description: 'Longest wait in seconds as of `updatedAt`' })
  @IsInt()
  @Min(0)
  longestWaitSec!: number;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'When the longest-waiting caller joined (ISO-8601); now minus this is the live wait',
  })
  @IsOptional()
  @IsISO8601()
  oldestCallerJoinedAt!: string | null;

  @ApiProperty({ minimum: 0 })
  @IsInt()
  @Min(0)
  completed!: number;

  @ApiProperty({ minimum: 0 })
  @IsInt()
  @Min(0)
  abandoned!: number;

  @ApiProperty({ minimum: 0, maximum: 100 })
  @IsNumber()
  @Min(0)
  @Max(100)
  serviceLevelPct!: number;

  @ApiProperty({ type: [QueueCallerDto] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => QueueCallerDto)
  callers!: QueueCallerDto[];

  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  updatedAt!: string;
}
