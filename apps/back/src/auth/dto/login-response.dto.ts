import { USER_ROLES, type AuthenticatedUser, type LoginResponse, type UserRole } from '@cc/contracts';
import { ApiProperty } from '@nestjs/swagger';

export class AuthenticatedUserDto implements AuthenticatedUser {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  username!: string;

  @ApiProperty({ enum: USER_ROLES })
  role!: UserRole;

  @ApiProperty({ type: String, nullable: true, example: '1001' })
  extension!: string | null;
}

export class LoginResponseDto implements LoginResponse {
  @ApiProperty({ description: 'JWT; send it as `Authorization: Bearer <token>`' })
  accessToken!: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType!: 'Bearer';

  @ApiProperty({ description: 'Seconds until the token expires', example: 28800 })
  expiresIn!: number;

  @ApiProperty({ type: AuthenticatedUserDto })
  user!: AuthenticatedUserDto;
}
