import type { AddDoNotCallRequest, LeadInput, RunCampaignRequest } from '@cc/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  Validate,
  ValidateNested,
} from 'class-validator';
import { IanaTimeZone } from './create-campaign.dto';

const PHONE = /^\+?[0-9]{3,20}$/;
const PHONE_MESSAGE = 'phone must be 3-20 digits, optionally after a +';

export class LeadInputDto implements LeadInput {
  @ApiProperty({ example: '+33612345678' })
  @Matches(PHONE, { message: PHONE_MESSAGE })
  phone!: string;

  @ApiPropertyOptional({ example: 'Jeanne Martin', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  name?: string | null;

  @ApiPropertyOptional({ example: 5, minimum: 0, maximum: 10 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10)
  priority?: number;

  @ApiPropertyOptional({ example: 'crm-export', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  source?: string | null;

  @ApiPropertyOptional({ example: 'Europe/Paris', nullable: true })
  @IsOptional()
  @Validate(IanaTimeZone)
  timeZone?: string | null;
}

export class RunCampaignDto implements RunCampaignRequest {
  @ApiProperty({ type: [LeadInputDto], description: 'Leads to add; empty to resume a paused campaign' })
  @IsArray()
  @ArrayMaxSize(50_000)
  @ValidateNested({ each: true })
  @Type(() => LeadInputDto)
  leads!: LeadInputDto[];
}

export class AddDoNotCallDto implements AddDoNotCallRequest {
  @ApiProperty({ example: '+33612345678' })
  @Matches(PHONE, { message: PHONE_MESSAGE })
  phone!: string;

  @ApiPropertyOptional({ example: 'asked not to be called', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  reason?: string | null;
}
