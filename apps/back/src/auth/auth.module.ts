import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { authConfig, type AuthConfig } from '../config/auth.config';
import { AccessModule } from '../access/access.module';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtAuthGuard } from './jwt-auth.guard';
import { LOGIN_THROTTLER } from './login-throttle';
import { RolesGuard } from './roles.guard';

@Module({
  imports: [
    UsersModule,
    AccessModule,
    JwtModule.registerAsync({
      inject: [authConfig.KEY],
      useFactory: (config: AuthConfig) => ({
        secret: config.jwtSecret,
        signOptions: { expiresIn: config.jwtExpiresInSeconds },
      }),
    }),
    // Only the login route uses ThrottlerGuard; other routes are not rate-limited.
    ThrottlerModule.forRoot({ throttlers: [{ ...LOGIN_THROTTLER }] }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    // Order matters: authentication sets request.user before the roles check reads it.
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [AuthService, JwtModule],
})
export class AuthModule {}
