import { inject, Injectable, signal } from '@angular/core';
import {
  PREFERENCES_STORAGE,
  readPreference,
  writePreference,
} from '../core/preferences/preferences.storage';

const MUTE_KEY = 'cc.alarms.muted';

/** A short two-beep chime when a new alarm appears; the supervisor may mute it (remembered). */
@Injectable({ providedIn: 'root' })
export class AlarmSoundService {
  private readonly storage = inject(PREFERENCES_STORAGE);
  private readonly mutedState = signal(readPreference(this.storage, MUTE_KEY) === 'true');
  private context: AudioContext | null = null;

  readonly muted = this.mutedState.asReadonly();

  toggle(): void {
    this.mutedState.update((muted) => !muted);
    writePreference(this.storage, MUTE_KEY, String(this.mutedState()));
  }

  chime(): void {
    if (this.mutedState()) return;
    try {
      this.context ??= new AudioContext();
    } catch {
      return;
    }
    const context = this.context;
    for (const [offset, frequency] of [
      [0, 880],
      [0.25, 660],
    ] as const) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      gain.gain.value = 0.05;
      oscillator.frequency.value = frequency;
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(context.currentTime + offset);
      oscillator.stop(context.currentTime + offset + 0.18);
    }
  }
}
