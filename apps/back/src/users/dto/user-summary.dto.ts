import type { UserSummary } from '@cc/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { AuthenticatedUserDto } from '../../auth/dto/login-response.dto';

export class UserSummaryDto extends AuthenticatedUserDto implements UserSummary {
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}
