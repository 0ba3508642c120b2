import { inject, Injectable, signal } from '@angular/core';
import {
  PREFERENCES_STORAGE,
  readPreference,
  writePreference,
} from '../../core/preferences/preferences.storage';

export interface AudioDevice {
  id: string;
  label: string;
}

const MIC_KEY = 'cc.phone.microphone';
const SPEAKER_KEY = 'cc.phone.speaker';

/** Microphones and speakers the browser offers, and the operator's remembered choice of each. */
@Injectable({ providedIn: 'root' })
export class MediaDevicesService {
  private readonly storage = inject(PREFERENCES_STORAGE);
  private readonly devices = signal<{ microphones: AudioDevice[]; speakers: AudioDevice[] }>({
    microphones: [],
    speakers: [],
  });
  private readonly mic = signal<string | null>(readPreference(this.storage, MIC_KEY) || null);
  private readonly speaker = signal<string | null>(readPreference(this.storage, SPEAKER_KEY) || null);

  readonly available = this.devices.asReadonly();
  readonly microphoneId = this.mic.asReadonly();
  readonly speakerId = this.speaker.asReadonly();

  async refresh(): Promise<void> {
    const all = (await navigator.mediaDevices?.enumerateDevices().catch(() => [])) ?? [];
    const pick = (kind: MediaDeviceKind): AudioDevice[] =>
      all
        .filter((device) => device.kind === kind && device.deviceId !== '')
        .map((device, index) => ({ id: device.deviceId, label: device.label || `${kind} ${index + 1}` }));
    this.devices.set({ microphones: pick('audioinput'), speakers: pick('audiooutput') });
  }

  chooseMicrophone(id: string | null): void {
    this.mic.set(id);
    writePreference(this.storage, MIC_KEY, id ?? '');
  }

  chooseSpeaker(id: string | null): void {
    this.speaker.set(id);
    writePreference(this.storage, SPEAKER_KEY, id ?? '');
  }
}
