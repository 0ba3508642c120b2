import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { AppEventName, AppEvents } from './app-events';

export type AppEventListener<K extends AppEventName> = (payload: AppEvents[K]) => void | Promise<void>;

/**
 * The typed face of the in-process event emitter: a name that is not in `AppEvents`, or a payload of
 * the wrong shape, does not compile. Emitting is synchronous and never throws: a failing listener is
 * logged, and the emitter goes on to the next one.
 */
@Injectable()
export class AppEventBus {
  private readonly logger = new Logger(AppEventBus.name);

  constructor(private readonly emitter: EventEmitter2) {}

  emit<K extends AppEventName>(name: K, payload: AppEvents[K]): void {
    try {
      this.emitter.emit(name, payload);
    } catch (error) {
      // @OnAppEvent handlers suppress their own errors; this catches listeners added with on().
      this.logger.error(`a listener of ${name} failed`, error instanceof Error ? error.stack : String(error));
    }
  }

  /** True when someone listens: lets an emitter skip building a payload nobody reads. */
  hasListeners(name: AppEventName): boolean {
    return Boolean(this.emitter.hasListeners(name));
  }

  /** Subscribes outside a decorated provider (tests, adapters); returns the unsubscribe function. */
  on<K extends AppEventName>(name: K, listener: AppEventListener<K>): () => void {
    const wrapped = (payload: AppEvents[K]): void => {
      try {
        const result = listener(payload);
        if (result instanceof Promise) {
          result.catch((error: unknown) => this.logFailure(name, error));
        }
      } catch (error) {
        this.logFailure(name, error);
      }
    };
    this.emitter.on(name, wrapped);
    return () => void this.emitter.off(name, wrapped);
  }

  private logFailure(name: AppEventName, error: unknown): void {
    this.logger.error(`a listener of ${name} failed`, error instanceof Error ? error.stack : String(error));
  }
}
