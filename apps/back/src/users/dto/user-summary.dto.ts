import { USER_ROLES, type AuthenticatedUser, type UserRole, type UserSummary } from '@cc/contracts';
import { ApiProperty } from '@nestjs/swagger';

/** Who a token speaks for: the user as login and `GET /api/auth/me` return them. */
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

export class UserSummaryDto extends AuthenticatedUserDto implements UserSummary {
  @ApiProperty({ description: 'A disabled user cannot sign in' })
  disabled!: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}
