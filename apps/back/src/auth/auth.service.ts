import type { AuthenticatedUser, JwtClaims, LoginResponse } from '@cc/contracts';
import { Inject, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { authConfig, type AuthConfig } from '../config/auth.config';
import { toAuthenticatedUser } from '../users/user-summary.mapper';
import { UsersService } from '../users/users.service';

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
  ) {}

  async login(username: string, password: string): Promise<LoginResponse> {
    const user = await this.users.verifyCredentials(username, password);
    if (!user) {
      this.logger.warn(`Failed login for "${username}"`);
      throw new UnauthorizedException('Invalid username or password');
    }
    return this.issueToken(toAuthenticatedUser(user));
  }

  /** Signs a token for a user; also used by tests to act as someone without a login round trip. */
  async issueToken(user: AuthenticatedUser): Promise<LoginResponse> {
    const claims: JwtClaims = {
      sub: user.id,
      username: user.username,
      role: user.role,
      extension: user.extension,
      iatMs: Date.now(),
    };
    return {
      accessToken: await this.jwt.signAsync(claims),
      tokenType: 'Bearer',
      expiresIn: this.config.jwtExpiresInSeconds,
      user,
    };
  }

  /** The current state of the token's user: role or extension may have changed since the token was signed. */
  async me(tokenUser: AuthenticatedUser): Promise<AuthenticatedUser> {
    const user = await this.users.findById(tokenUser.id);
    if (!user || user.disabled) {
      throw new UnauthorizedException('User no longer exists or is disabled');
    }
    return toAuthenticatedUser(user);
  }
}
