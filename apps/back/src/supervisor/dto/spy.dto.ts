import { SPY_MODES, type SpyMode, type SpyRequest, type SpyResult } from '@cc/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches } from 'class-validator';

export class SpyRequestDto implements SpyRequest {
  @ApiProperty({ example: '1001', description: "The agent's extension" })
  @IsString()
  @Matches(/^[0-9A-Za-z*#+]{1,32}$/, { message: 'extension must be a dial string of up to 32 characters' })
  extension!: string;

  @ApiProperty({ enum: SPY_MODES })
  @IsIn(SPY_MODES, { message: `mode must be one of ${SPY_MODES.join(', ')}` })
  mode!: SpyMode;
}

export class SpyResultDto implements SpyResult {
  @ApiProperty()
  extension!: string;
  @ApiProperty({ enum: SPY_MODES })
  mode!: SpyMode;
  @ApiProperty({ example: 'PJSIP/1001-00000004' })
  agentChannel!: string;
  @ApiProperty({ example: '2001' })
  supervisorExtension!: string;
}
