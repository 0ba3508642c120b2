import { USER_ROLES, type UserRole, type UserSummary } from '@cc/contracts';
import { ApiProperty } from '@nestjs/swagger';

export class UserSummaryDto implements UserSummary {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  username!: string;

  @ApiProperty({ enum: USER_ROLES })
  role!: UserRole;

  @ApiProperty({ type: String, nullable: true })
  extension!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}
