import { OnEvent } from '@nestjs/event-emitter';
import type { AppEventName, AppEvents } from './app-events';

/**
 * `@OnEvent` for a name of the event map: the decorated method must accept that event's payload.
 * Errors are logged by the emitter (`suppressErrors`), so one failing feature never breaks another.
 */
export function OnAppEvent<K extends AppEventName>(
  name: K,
): (
  target: object,
  key: string | symbol,
  descriptor: TypedPropertyDescriptor<(payload: AppEvents[K]) => void | Promise<void>>,
) => void {
  return (target, key, descriptor) => {
    OnEvent(name, { suppressErrors: true })(target, key, descriptor);
  };
}
