import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({
  selector: 'cc-admin',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="cc-card" aria-labelledby="admin-title">
      <h1 id="admin-title">Administration</h1>
      <p>Coming here:</p>
      <ul>
        <li>Users and roles, and the extension each operator signs in with.</li>
        <li>Queues and their members, kept in step with Asterisk.</li>
        <li>Pause reasons and connection status of AMI, the database, Redis and RabbitMQ.</li>
      </ul>
    </section>
  `,
})
export class AdminComponent {}
