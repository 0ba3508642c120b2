import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { authConfig, type AuthConfig } from '../config/auth.config';
import { UsersService } from './users.service';

/** First start: create the admin account from ADMIN_USERNAME / ADMIN_PASSWORD if it is absent. */
@Injectable()
export class AdminAccountBootstrap implements OnApplicationBootstrap {
  constructor(
    private readonly users: UsersService,
    @Inject(authConfig.KEY) private readonly auth: AuthConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.users.ensureAdmin(this.auth.adminUsername, this.auth.adminPassword);
  }
}
