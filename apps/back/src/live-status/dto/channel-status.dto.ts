import { CHANNEL_STATES, type ChannelState, type ChannelStatusData } from '@cc/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsNotEmpty, IsNumber, IsString, MaxLength, Min, ValidateIf } from 'class-validator';

export class ChannelStatusDto implements ChannelStatusData {
  @ApiProperty({ example: '1795381593.1', description: 'Asterisk Uniqueid' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(150)
  id!: string;

  @ApiProperty({ example: 'PJSIP/1001-00000001' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  name!: string;

  @ApiProperty({ enum: CHANNEL_STATES })
  @IsIn(CHANNEL_STATES)
  state!: ChannelState;

  @ApiProperty({ example: '1001' })
  @IsString()
  @MaxLength(128)
  callerId!: string;

  @ApiProperty({ example: '+15551230001' })
  @IsString()
  @MaxLength(128)
  connectedLine!: string;

  @ApiProperty({ example: '500' })
  @IsString()
  @MaxLength(128)
  extension!: string;

  @ApiProperty({ example: 'from-internal' })
  @IsString()
  @MaxLength(128)
  context!: string;

  @ApiProperty({ example: '1795381593.1' })
  @IsString()
  @MaxLength(150)
  linkedId!: string;

  @ApiProperty({ type: String, nullable: true })
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(150)
  bridgeId!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'sales' })
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(128)
  queue!: string | null;

  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  startedAt!: string;

  @ApiProperty({ minimum: 0, description: 'Seconds since startedAt at the last update' })
  @IsNumber()
  @Min(0)
  duration!: number;
}
