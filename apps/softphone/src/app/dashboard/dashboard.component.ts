import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({
  selector: 'cc-dashboard',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="cc-card" aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">Supervisor dashboard</h1>
      <p>Coming here:</p>
      <ul>
        <li>Live queue board: waiting callers, longest wait, service level per queue.</li>
        <li>Agents and their status in real time; pause, unpause and move agents between queues.</li>
        <li>Calls in progress with their duration.</li>
      </ul>
    </section>
  `,
})
export class DashboardComponent {}
