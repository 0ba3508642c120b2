import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { TranslatePipe } from '@ngx-translate/core';
import {
  LucideAngularModule,
  Mic,
  MicOff,
  Pause,
  Phone,
  PhoneIncoming,
  PhoneOff,
  Play,
} from 'lucide-angular';
import { AuthService } from '../core/auth/auth.service';
import { ClockService } from '../core/clock/clock.service';
import { DTMF_TONES, normaliseDialTarget } from './domain/dial-target';
import { formatElapsed } from './domain/elapsed';
import type { PhoneCommand } from './domain/phone-state';
import { ContactStatusService } from './sip/contact-status.service';
import { MediaDevicesService } from './sip/media-devices.service';
import { PhoneService } from './sip/phone.service';
import { MyStatusService } from './status/my-status.service';
import { ShiftStart } from './status/shift-start';
import { StatusBarComponent } from './status/status-bar.component';

@Component({
  selector: 'cc-phone',
  imports: [FormsModule, TranslatePipe, LucideAngularModule, StatusBarComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './phone.component.html',
  styleUrl: './phone.component.css',
})
export class PhoneComponent {
  private readonly auth = inject(AuthService);
  private readonly clock = inject(ClockService);
  private readonly phoneService = inject(PhoneService);
  private readonly contactService = inject(ContactStatusService);
  private readonly myStatus = inject(MyStatusService);
  private readonly shiftStart = inject(ShiftStart);
  protected readonly devices = inject(MediaDevicesService);

  protected readonly icons = { Mic, MicOff, Pause, Phone, PhoneIncoming, PhoneOff, Play };
  protected readonly tones = DTMF_TONES;
  protected readonly extension = computed(() => this.auth.currentUser()?.extension ?? null);
  protected readonly phone = this.phoneService.state;
  protected readonly contact = this.contactService.contact;
  protected readonly dialInput = signal('');
  protected readonly transferInput = signal('');
  protected readonly dialTarget = computed(() => normaliseDialTarget(this.dialInput()));
  protected readonly transferTarget = computed(() => normaliseDialTarget(this.transferInput()));
  protected readonly callTimer = computed(() => {
    const call = this.phone().call;
    return call.kind === 'active' ? formatElapsed(this.clock.now() - call.answeredAt) : null;
  });
  /** SIP.js says registered but Asterisk says the device is gone: the case users of other phones hit. */
  protected readonly disagreement = computed(
    () => this.phone().registration === 'registered' && this.contact()?.deviceState === 'UNAVAILABLE',
  );

  constructor() {
    effect((onCleanup) => {
      const extension = this.extension();
      if (!extension) return;
      this.phoneService.connect(extension);
      this.contactService.start();
      void this.devices.refresh();
      onCleanup(() => this.contactService.stop());
    });
    effect(() => {
      const registered = this.phone().registration === 'registered';
      if (this.shiftStart.takeIfDue(this.myStatus.agent(), registered))
        void this.myStatus.choose('ONLINE', null);
    });
  }

  protected send(command: PhoneCommand): void {
    this.phoneService.send(command);
  }

  protected pressKey(tone: string): void {
    if (this.phone().call.kind === 'active') this.send({ name: 'dtmf', tone });
    else this.dialInput.update((value) => value + tone);
  }

  protected dial(): void {
    const target = this.dialTarget();
    if (target) this.send({ name: 'dial', target });
  }

  protected transfer(kind: 'blind' | 'attended'): void {
    const target = this.transferTarget();
    if (!target) return;
    this.send(kind === 'blind' ? { name: 'blindTransfer', target } : { name: 'startConsult', target });
  }

  protected chooseMicrophone(id: string): void {
    this.devices.chooseMicrophone(id || null);
  }

  protected chooseSpeaker(id: string): void {
    this.devices.chooseSpeaker(id || null);
    this.phoneService.applySpeaker();
  }
}
