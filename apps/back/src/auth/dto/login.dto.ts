import type { LoginRequest } from '@cc/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'supervisor' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  username!: string;

  @ApiProperty({ example: 'supervisor' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  password!: string;
}
