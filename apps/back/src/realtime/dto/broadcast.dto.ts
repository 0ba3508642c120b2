import {
  NOTIFICATION_SEVERITIES,
  type BroadcastRequest,
  type CallBroadcastPayload,
  type NotificationPayload,
  type NotificationSeverity,
  type OrderBroadcastPayload,
  type OrderMasterAssignedPayload,
  type OrderStatusChangedPayload,
  type SystemAlertPayload,
} from '@cc/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  Validate,
  ValidateNested,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { parseRoom } from '../domain/room-access';

@ValidatorConstraint({ name: 'isRealtimeRoom' })
class IsRealtimeRoom implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return parseRoom(value) !== null;
  }

  defaultMessage(): string {
    return 'each room must be operators, supervisors, directors, admins, live, or operator|agent|queue|city|order:{name}';
  }
}

const MAX_ID = 128;
const MAX_TEXT = 2000;

class CallPayloadDto implements CallBroadcastPayload {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(MAX_ID) callId!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(MAX_ID) callerNumber?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(MAX_ID) callerName?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(MAX_ID) queue?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(MAX_ID) extension?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(MAX_ID) operatorId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(MAX_ID) orderId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(MAX_ID) status?: string;
  @ApiPropertyOptional({ type: Object }) @IsOptional() @IsObject() data?: Record<string, unknown>;
}

class OrderPayloadDto implements OrderBroadcastPayload {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(MAX_ID) orderId!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(MAX_ID) status?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(MAX_ID) city?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(MAX_ID) masterId?: string;
  @ApiPropertyOptional({ type: Object }) @IsOptional() @IsObject() data?: Record<string, unknown>;
}

class OrderMasterAssignedPayloadDto implements OrderMasterAssignedPayload {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(MAX_ID) orderId!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(MAX_ID) masterId!: string;
  @ApiPropertyOptional({ type: Object }) @IsOptional() @IsObject() data?: Record<string, unknown>;
}

class OrderStatusChangedPayloadDto implements OrderStatusChangedPayload {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(MAX_ID) orderId!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(MAX_ID) status!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(MAX_ID) previousStatus?: string;
  @ApiPropertyOptional({ type: Object }) @IsOptional() @IsObject() data?: Record<string, unknown>;
}

class NotificationPayloadDto implements NotificationPayload {
  @ApiProperty({ example: 'callback' }) @IsString() @MinLength(1) @MaxLength(MAX_ID) type!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(MAX_TEXT) message!: string;
  @ApiProperty({ enum: NOTIFICATION_SEVERITIES })
  @IsIn(NOTIFICATION_SEVERITIES)
  severity!: NotificationSeverity;
  @ApiProperty({ format: 'date-time' }) @IsISO8601() timestamp!: string;
}

class SystemAlertPayloadDto extends NotificationPayloadDto implements SystemAlertPayload {}

abstract class BroadcastBodyDto {
  @ApiProperty({ example: ['supervisors', 'agent:1001'], description: 'Target rooms, 1 to 50' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @Validate(IsRealtimeRoom, { each: true })
  rooms!: string[];

  @ApiPropertyOptional({ description: 'WEBHOOK_TOKEN, when the x-webhook-token header cannot be set' })
  @IsOptional()
  @IsString()
  token?: string;
}

export class CallBroadcastDto extends BroadcastBodyDto implements BroadcastRequest<CallBroadcastPayload> {
  @ApiProperty({ type: CallPayloadDto })
  @ValidateNested()
  @Type(() => CallPayloadDto)
  payload!: CallPayloadDto;
}

export class OrderBroadcastDto extends BroadcastBodyDto implements BroadcastRequest<OrderBroadcastPayload> {
  @ApiProperty({ type: OrderPayloadDto })
  @ValidateNested()
  @Type(() => OrderPayloadDto)
  payload!: OrderPayloadDto;
}

export class OrderMasterAssignedBroadcastDto
  extends BroadcastBodyDto
  implements BroadcastRequest<OrderMasterAssignedPayload>
{
  @ApiProperty({ type: OrderMasterAssignedPayloadDto })
  @ValidateNested()
  @Type(() => OrderMasterAssignedPayloadDto)
  payload!: OrderMasterAssignedPayloadDto;
}

export class OrderStatusChangedBroadcastDto
  extends BroadcastBodyDto
  implements BroadcastRequest<OrderStatusChangedPayload>
{
  @ApiProperty({ type: OrderStatusChangedPayloadDto })
  @ValidateNested()
  @Type(() => OrderStatusChangedPayloadDto)
  payload!: OrderStatusChangedPayloadDto;
}

export class NotificationBroadcastDto
  extends BroadcastBodyDto
  implements BroadcastRequest<NotificationPayload>
{
  @ApiProperty({ type: NotificationPayloadDto })
  @ValidateNested()
  @Type(() => NotificationPayloadDto)
  payload!: NotificationPayloadDto;
}

export class SystemAlertBroadcastDto
  extends BroadcastBodyDto
  implements BroadcastRequest<SystemAlertPayload>
{
  @ApiProperty({ type: SystemAlertPayloadDto })
  @ValidateNested()
  @Type(() => SystemAlertPayloadDto)
  payload!: SystemAlertPayloadDto;
}
