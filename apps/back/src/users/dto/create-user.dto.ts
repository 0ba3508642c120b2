import {
  USER_ROLES,
  type CreateUserRequest,
  type ResetPasswordRequest,
  type UpdateUserRequest,
  type UserRole,
} from '@cc/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

const EXTENSION = /^[0-9A-Za-z*#+]{1,32}$/;
const EXTENSION_MESSAGE = 'extension must be a dial string of up to 32 characters';

export class CreateUserDto implements CreateUserRequest {
  @ApiProperty({ example: 'agent1013', maxLength: 64 })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @Matches(/^[A-Za-z0-9._-]+$/, {
    message: 'username may only contain letters, digits, dot, dash and underscore',
  })
  username!: string;

  @ApiProperty({ minLength: 8, example: 'correct horse battery' })
  @IsString()
  @MinLength(8)
  @MaxLength(256)
  password!: string;

  @ApiProperty({ enum: USER_ROLES })
  @IsIn(USER_ROLES)
  role!: UserRole;

  @ApiPropertyOptional({ example: '1013', nullable: true })
  @IsOptional()
  @IsString()
  @Matches(EXTENSION, { message: EXTENSION_MESSAGE })
  extension?: string | null;
}

export class UpdateUserDto implements UpdateUserRequest {
  @ApiPropertyOptional({ enum: USER_ROLES })
  @IsOptional()
  @IsIn(USER_ROLES)
  role?: UserRole;

  @ApiPropertyOptional({ example: '1013', nullable: true, description: 'null takes the extension away' })
  @IsOptional()
  @IsString()
  @Matches(EXTENSION, { message: EXTENSION_MESSAGE })
  extension?: string | null;

  @ApiPropertyOptional({ description: 'A disabled user cannot sign in' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

export class ResetPasswordDto implements ResetPasswordRequest {
  @ApiProperty({ minLength: 8, example: 'correct horse battery' })
  @IsString()
  @MinLength(8)
  @MaxLength(256)
  password!: string;
}
