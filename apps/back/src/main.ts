import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { appConfig } from './config/app.config';
import type { AppEnv } from './config/env.schema';
import { readProcessEnv } from './config/process-env.reader';
import { runPendingMigrations } from './database/migrate.command';
import { configureApp } from './app.setup';
import { seedDatabase } from './seed/demo-seed.command';

const COMMANDS = ['serve', 'migrate', 'seed'] as const;
type Command = (typeof COMMANDS)[number];

async function serve(env: AppEnv): Promise<void> {
  // runMigrations: pending migrations are applied while connecting, so `npm start` works on a fresh database.
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({ env, runMigrations: true }),
    {
      bufferLogs: true,
    },
  );
  configureApp(app, appConfig.build(env));
  app.enableShutdownHooks();
  await app.listen(env.port);
}

async function run(command: Command, env: AppEnv): Promise<void> {
  switch (command) {
    case 'serve':
      return serve(env);
    case 'migrate':
      await runPendingMigrations({ url: env.databaseUrl });
      return;
    case 'seed':
      await seedDatabase(env);
      return;
  }
}

/** `main.js` serves; `main.js migrate` and `main.js seed` do their job and exit. */
async function main(): Promise<void> {
  const command = (process.argv[2] ?? 'serve') as Command;
  if (!COMMANDS.includes(command)) {
    console.error(`Unknown command "${command}". Usage: main.js [${COMMANDS.join('|')}]`);
    process.exit(2);
  }
  // Validate everything before anything connects, and name every bad variable at once.
  const parsed = readProcessEnv();
  if (!parsed.ok) {
    for (const error of parsed.errors) {
      console.error(`Invalid configuration: ${error}`);
    }
    process.exit(1);
  }
  for (const warning of parsed.warnings) {
    console.warn(`WARNING configuration: ${warning}`);
  }
  await run(command, parsed.env);
  if (command !== 'serve') {
    process.exit(0);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
