import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

// Everything the back end answers itself; the SPA fallback must never shadow these.
const BACKEND_PATHS = ['/api{/*path}', '/health{/*path}', '/metrics{/*path}', '/socket.io{/*path}'];

/** Serves the built softphone when it exists (a back-end-only deployment simply has no UI). */
@Module({})
export class SoftphoneStaticModule {
  static forRoot(distDir: string): DynamicModule {
    const rootPath = resolve(process.cwd(), distDir);
    if (!existsSync(rootPath)) {
      // Logged from a provider, not here, so it goes through the app's logger (and its level).
      const notice = {
        provide: 'SOFTPHONE_STATIC_NOTICE',
        useFactory: () =>
          new Logger(SoftphoneStaticModule.name).log(`No softphone build at ${rootPath}; not serving a UI`),
      };
      return { module: SoftphoneStaticModule, providers: [notice] };
    }
    return {
      module: SoftphoneStaticModule,
      imports: [ServeStaticModule.forRoot({ rootPath, exclude: BACKEND_PATHS })],
    };
  }
}
