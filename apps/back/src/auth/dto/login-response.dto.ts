import type { LoginResponse } from '@cc/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { AuthenticatedUserDto } from '../../users/dto/user-summary.dto';

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
