import type { UserSummary } from '@cc/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { AuthenticatedUserDto } from '../../auth/dto/login-response.dto';

export class UserSummaryDto extends AuthenticatedUserDto implements UserSummary {
  @ApiProperty({ description: 'A disabled user cannot sign in' })
  disabled!: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}
