import type { CallingWindow, CreateCampaignRequest, RetryableOutcome } from '@cc/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  Validate,
  type ValidationArguments,
  ValidateNested,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { isValidTimeZone, parseClock } from '../domain/calling-window';

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

@ValidatorConstraint({ name: 'timeZone' })
export class IanaTimeZone implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isValidTimeZone(value);
  }

  defaultMessage(): string {
    return '$property must be an IANA time zone such as Europe/Paris';
  }
}

@ValidatorConstraint({ name: 'windowOrder' })
class EndAfterStart implements ValidatorConstraintInterface {
  validate(end: unknown, args?: ValidationArguments): boolean {
    const start = (args?.object as CallingWindowDto | undefined)?.start ?? '';
    const from = parseClock(start);
    const to = typeof end === 'string' ? parseClock(end) : null;
    return from !== null && to !== null && to > from;
  }

  defaultMessage(): string {
    return 'end must be later than start on the same day';
  }
}

export class CallingWindowDto implements CallingWindow {
  @ApiProperty({ example: '09:00' })
  @Matches(CLOCK, { message: 'start must be HH:MM' })
  start!: string;

  @ApiProperty({ example: '20:00' })
  @Matches(CLOCK, { message: 'end must be HH:MM' })
  @Validate(EndAfterStart)
  end!: string;
}

export class RetryDelaysDto implements Record<RetryableOutcome, number> {
  @ApiProperty({ example: 300 })
  @IsInt()
  @Min(1)
  @Max(7 * 86_400)
  busy!: number;

  @ApiProperty({ example: 1800 })
  @IsInt()
  @Min(1)
  @Max(7 * 86_400)
  no_answer!: number;

  @ApiProperty({ example: 600 })
  @IsInt()
  @Min(1)
  @Max(7 * 86_400)
  failed!: number;
}

export class CreateCampaignDto implements CreateCampaignRequest {
  @ApiProperty({ example: 'Renewals December' })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  name!: string;

  @ApiProperty({ example: 'sales' })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  queue!: string;

  @ApiProperty({ type: CallingWindowDto })
  @ValidateNested()
  @Type(() => CallingWindowDto)
  callingWindow!: CallingWindowDto;

  @ApiProperty({ example: 3, minimum: 1, maximum: 20 })
  @IsInt()
  @Min(1)
  @Max(20)
  maxAttempts!: number;

  @ApiProperty({ type: RetryDelaysDto })
  @ValidateNested()
  @Type(() => RetryDelaysDto)
  retryDelaysSeconds!: RetryDelaysDto;

  @ApiProperty({ example: 5, minimum: 1, maximum: 500 })
  @IsInt()
  @Min(1)
  @Max(500)
  maxConcurrentCalls!: number;

  @ApiProperty({ example: 'Europe/Paris' })
  @IsString()
  @Validate(IanaTimeZone)
  defaultTimeZone!: string;
}
