import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({
  selector: 'cc-phone',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="cc-card" aria-labelledby="phone-title">
      <h1 id="phone-title">Phone</h1>
      <p>Coming here:</p>
      <ul>
        <li>Browser softphone (SIP.js over WebSocket) registered as your extension.</li>
        <li>Answer, hang up, hold, mute and transfer; incoming-call banner with the queue and caller.</li>
        <li>Your agent status (ready, paused with a reason, wrap-up) and the queues you serve.</li>
      </ul>
    </section>
  `,
})
export class PhoneComponent {}
