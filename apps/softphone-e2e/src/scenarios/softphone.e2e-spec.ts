import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import { dashboardStatus, storedStatus } from '../support/agent-rows';
import { screenshot, useTheme } from '../support/artifacts';
import { launchChromium } from '../support/chromium';
import { type E2eEnvironment, startEnvironment } from '../support/e2e-environment';
import { newContext, OPERATOR, signIn, SUPERVISOR } from '../support/pages';
import { until } from '../support/until';
import { giveExtension, storedUser } from '../support/users';

const ADMIN = { username: 'admin', password: 'admin' };
// The supervisor's own phone, rung for listen/whisper/barge: a simulated desk phone in sales and
// support, so the billing calls of these tests still ring only the operator's browser.
const SUPERVISOR_EXTENSION = '1001';

let env: E2eEnvironment;
let browser: Browser;
// One supervisor watches the whole run. The login route allows 10 attempts a minute per client address
// and every context here comes from 127.0.0.1, so the run signs in no more often than it must.
let supervisorContext: BrowserContext;
let supervisor: Page;

beforeAll(async () => {
  [env, browser] = await Promise.all([startEnvironment(), launchChromium()]);
  supervisorContext = await newContext(browser, env.baseUrl);
  supervisor = await supervisorContext.newPage();
  await signIn(supervisor, SUPERVISOR);
  await supervisor.waitForURL('**/dashboard');
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await env?.stop();
});

const contactsOf = (extension: string) =>
  env.simulator.groundTruth().contacts.filter((contact) => contact.endpoint === extension);

/** Rings the operator: a caller enters the billing queue (502), where 1011 is the only phone online. */
function queueCall(callerName: string, callerNumber: string): void {
  env.simulator.model.originate({
    channel: 'Local/502@from-external',
    application: 'Wait',
    data: '60',
    callerId: `"${callerName}" <${callerNumber}>`,
    variables: [],
  });
}

async function openPhone(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await signIn(page, OPERATOR);
  await page.waitForURL('**/phone');
  return page;
}

describe('operator softphone', () => {
  let context: BrowserContext;
  let phone: Page;

  beforeAll(async () => {
    context = await newContext(browser, env.baseUrl);
    phone = await openPhone(context);
  });

  // Closing the context unregisters nothing on purpose: the SIP WebSocket closes and the contact goes.
  afterAll(async () => context?.close());

  const myStatus = () => phone.getByTestId('current-status');

  it('registers the extension over SIP over WebSocket with the exchange after signing in', async () => {
    await phone.getByTestId('sip-registration').getByText('Registered', { exact: true }).waitFor();
    await until(
      'one contact of 1011',
      () => contactsOf(OPERATOR.extension).length,
      (n) => n === 1,
    );
    const [contact] = contactsOf(OPERATOR.extension);
    expect(contact).toMatchObject({ ws: true });
    await expect(phone.getByTestId('tab-role').textContent()).resolves.toBe('Holds the phone line');
    // Asterisk's own view, from the live state the back end keeps from AMI.
    await phone.getByTestId('asterisk-contact').getByText('Reachable, idle').waitFor({ timeout: 10_000 });
    // Signing in starts the shift: the agent becomes ONLINE, and the supervisor sees it.
    await myStatus().getByText('Ready').waitFor();
    await dashboardStatus(supervisor, OPERATOR.extension).getByText('Ready').waitFor();
    await expect(storedStatus(env.databaseUrl, OPERATOR.extension)).resolves.toMatchObject({
      status: 'ONLINE',
    });
  });

  it('sends a status change to Postgres and to Asterisk, and the supervisor sees it within 1 s', async () => {
    const actionsBefore = env.simulator.actionLog().length;
    await phone.getByLabel('Set status').selectOption('BREAK');
    await phone.getByLabel('Reason').selectOption({ label: 'Coffee' });
    const clickedAt = Date.now();
    await phone.getByRole('button', { name: 'Apply' }).click();
    await dashboardStatus(supervisor, OPERATOR.extension).getByText('Break').waitFor({ timeout: 5000 });
    const seenAfterMs = Date.now() - clickedAt;
    expect(seenAfterMs).toBeLessThan(1000);
    await myStatus().getByText('Break').waitFor();
    await expect(storedStatus(env.databaseUrl, OPERATOR.extension)).resolves.toMatchObject({
      status: 'BREAK',
    });
    const pause = await until(
      'a QueuePause for PJSIP/1011',
      () =>
        env.simulator
          .actionLog()
          .slice(actionsBefore)
          .find(
            (entry) =>
              entry.action.toLowerCase() === 'queuepause' && entry.fields['Interface'] === 'PJSIP/1011',
          ),
      (entry) => entry !== undefined,
    );
    expect(pause?.fields['Paused']).toMatch(/^(true|1|yes)$/i);

    await phone.getByLabel('Set status').selectOption('ONLINE');
    await phone.getByRole('button', { name: 'Apply' }).click();
    await myStatus().getByText('Ready').waitFor();
  });

  it('keeps one registration when the operator opens a second tab, which mirrors the first', async () => {
    const second = await openPhone(context);
    await second.getByTestId('tab-role').getByText('Mirrors the phone line of another tab').waitFor();
    await second.getByTestId('sip-registration').getByText('Registered', { exact: true }).waitFor();
    // Give a wrongly registering second tab time to show up at the registrar before counting.
    await second.waitForTimeout(1500);
    expect(contactsOf(OPERATOR.extension)).toHaveLength(1);

    // A click in the mirror acts through the leader: the call rings in both, is answered from the second.
    await myStatus().getByText('Ready').waitFor();
    queueCall('Second Tab', '+15550000002');
    await second.getByTestId('incoming-call').waitFor();
    await phone.getByTestId('incoming-call').waitFor();
    await second.getByRole('button', { name: 'Answer' }).click();
    await phone.getByTestId('active-call').waitFor();
    await second.getByTestId('active-call').waitFor();
    await second.getByRole('button', { name: 'Hang up' }).click();
    await phone.getByTestId('idle').waitFor();
    await second.close();
    expect(contactsOf(OPERATOR.extension)).toHaveLength(1);
  });

  it('rings for a queue call with the caller shown; answering makes the agent ON_CALL for the supervisor, hanging up WRAP_UP, then the status before', async () => {
    await myStatus().getByText('Ready').waitFor({ timeout: 20_000 });
    queueCall('Customer One', '+15551230001');
    const ringing = phone.getByTestId('incoming-call');
    await ringing.waitFor();
    await expect(ringing.textContent()).resolves.toContain('Customer One');
    await expect(ringing.textContent()).resolves.toContain('+15551230001');
    await phone.getByRole('button', { name: 'Answer' }).click();
    await phone.getByTestId('active-call').waitFor();
    await until(
      'the call in the exchange',
      () => env.simulator.groundTruth().channels.length,
      (n) => n > 0,
    );
    await dashboardStatus(supervisor, OPERATOR.extension).getByText('On a call').waitFor();
    await myStatus().getByText('On a call').waitFor();
    await phone.getByRole('button', { name: 'Mute' }).click();
    await phone.getByRole('button', { name: 'Unmute' }).waitFor();
    await phone.getByRole('button', { name: 'Hang up' }).click();
    await phone.getByTestId('idle').waitFor();
    await until(
      'no channels left',
      () => env.simulator.groundTruth().channels.length,
      (n) => n === 0,
    );
    await dashboardStatus(supervisor, OPERATOR.extension).getByText('Wrap-up').waitFor();
    // billing's wrap-up is 10 s (demo topology); then the status before the call comes back.
    await dashboardStatus(supervisor, OPERATOR.extension).getByText('Ready').waitFor({ timeout: 20_000 });
    await myStatus().getByText('Ready').waitFor();
  });

  it("puts the agent on a forced BREAK from the supervisor's grid, shown live in the agent's tab", async () => {
    await supervisor.getByLabel('Force status').selectOption('BREAK');
    const row = supervisor.locator(`tr[data-extension="${OPERATOR.extension}"]`);
    await row.getByPlaceholder('Reason').fill('Coffee');
    await row.getByRole('button', { name: 'Set' }).click();
    await myStatus().getByText('Break').waitFor({ timeout: 3000 });
    await expect(storedStatus(env.databaseUrl, OPERATOR.extension)).resolves.toMatchObject({
      status: 'BREAK',
    });
    await phone.getByLabel('Set status').selectOption('ONLINE');
    await phone.getByRole('button', { name: 'Apply' }).click();
    await myStatus().getByText('Ready').waitFor();
  });

  it("produces the right ChanSpy Originate in the simulator's action log from the supervisor's listen/whisper/barge buttons", async () => {
    env.simulator.model.register(SUPERVISOR_EXTENSION);
    await until(
      "the supervisor's phone reachable",
      () => env.simulator.groundTruth().contacts.find((c) => c.endpoint === SUPERVISOR_EXTENSION)?.status,
      (status) => status === 'Reachable',
      10_000,
    );
    await myStatus().getByText('Ready').waitFor({ timeout: 20_000 });
    queueCall('Spied Caller', '+15550007777');
    await phone.getByRole('button', { name: 'Answer' }).click();
    await phone.getByTestId('active-call').waitFor();
    await dashboardStatus(supervisor, OPERATOR.extension).getByText('On a call').waitFor();

    // The watching supervisor has no extension (its session stays as in the other scenarios): this one
    // signs in with one, which its token carries.
    await giveExtension(env.databaseUrl, SUPERVISOR.username, SUPERVISOR_EXTENSION);
    const spyContext = await newContext(browser, env.baseUrl);
    const spying = await spyContext.newPage();
    await signIn(spying, SUPERVISOR);
    await giveExtension(env.databaseUrl, SUPERVISOR.username, null);
    await spying.waitForURL('**/dashboard');
    await dashboardStatus(spying, OPERATOR.extension).getByText('On a call').waitFor();
    const row = spying.locator(`tr[data-extension="${OPERATOR.extension}"]`);
    const spies: Record<string, string> = { Listen: 'q', Whisper: 'qw', Barge: 'qB' };
    for (const [button, options] of Object.entries(spies)) {
      const actionsBefore = env.simulator.actionLog().length;
      await row.getByRole('button', { name: button }).click();
      await spying.getByText(`Your phone will ring to join the call of ${OPERATOR.extension}.`).waitFor();
      const originate = await until(
        `a ChanSpy Originate for ${button}`,
        () =>
          env.simulator
            .actionLog()
            .slice(actionsBefore)
            .find((entry) => entry.action.toLowerCase() === 'originate'),
        (entry) => entry !== undefined,
      );
      expect(originate?.fields).toMatchObject({
        Channel: `PJSIP/${SUPERVISOR_EXTENSION}`,
        Application: 'ChanSpy',
        Data: `PJSIP/${OPERATOR.extension},${options}`,
      });
    }

    await spyContext.close();
    await phone.getByRole('button', { name: 'Hang up' }).click();
    await phone.getByTestId('idle').waitFor();
    // ChanSpy without option E keeps waiting once the spied call ends: hang the spy calls up.
    for (const channel of env.simulator.groundTruth().channels)
      if (channel.name.startsWith(`PJSIP/${SUPERVISOR_EXTENSION}-`))
        env.simulator.model.hangupChannel(channel.name);
    env.simulator.model.unregister(SUPERVISOR_EXTENSION);
  });

  it('saves screenshots of /phone idle and in a call, /dashboard, /wallboard and /admin at 1280x720 in both themes', async () => {
    const admin = await (await newContext(browser, env.baseUrl)).newPage();
    await signIn(admin, ADMIN);
    await admin.waitForURL('**/admin');

    const saved: string[] = [];
    for (const theme of ['light', 'dark'] as const) {
      await myStatus().getByText('Ready').waitFor({ timeout: 20_000 });
      await useTheme(phone, theme);
      saved.push(await screenshot(phone, `phone-idle-${theme}`));
      queueCall('Screenshot Caller', '+15559990000');
      await phone.getByRole('button', { name: 'Answer' }).click();
      await phone.getByTestId('active-call').waitFor();
      saved.push(await screenshot(phone, `phone-call-${theme}`));

      await supervisor.goto('/dashboard');
      await useTheme(supervisor, theme);
      await supervisor.getByTestId('queues').getByText('billing').waitFor();
      saved.push(await screenshot(supervisor, `dashboard-${theme}`));
      await supervisor.goto('/wallboard');
      await supervisor.getByTestId('wallboard-queues').getByText('billing').waitFor();
      saved.push(await screenshot(supervisor, `wallboard-${theme}`));

      await phone.getByRole('button', { name: 'Hang up' }).click();
      await phone.getByTestId('idle').waitFor();

      await useTheme(admin, theme);
      await admin
        .getByTestId('sync')
        .getByText(/exchange (agree|differ)/)
        .waitFor();
      saved.push(await screenshot(admin, `admin-${theme}`));
    }
    expect(saved).toHaveLength(10);
    await admin.context().close();
  });
});

describe('operator closing the browser', () => {
  it('drops the contact when the context closes without signing out; the supervisor sees OFFLINE (Auto) within debounce + 2 s, back after signing in', async () => {
    await supervisor.goto('/dashboard');
    const context = await newContext(browser, env.baseUrl);
    const page = await openPhone(context);
    await page.getByTestId('sip-registration').getByText('Registered', { exact: true }).waitFor();
    await page.getByTestId('current-status').getByText('Ready').waitFor({ timeout: 20_000 });
    await until(
      'one contact of 1011',
      () => contactsOf(OPERATOR.extension).length,
      (n) => n === 1,
    );

    const closedAt = Date.now();
    await context.close();
    await until(
      'the contact removed',
      () => contactsOf(OPERATOR.extension).length,
      (n) => n === 0,
    );
    const row = supervisor.locator(`tr[data-extension="${OPERATOR.extension}"]`);
    await dashboardStatus(supervisor, OPERATOR.extension)
      .getByText('Offline')
      .waitFor({ timeout: env.endpointDebounceMs + 2000 });
    expect(Date.now() - closedAt).toBeLessThan(env.endpointDebounceMs + 2000);
    await row.getByTestId('agent-reason').getByText('Phone not registered').waitFor();

    const again = await openPhone(await newContext(browser, env.baseUrl));
    await again.getByTestId('sip-registration').getByText('Registered', { exact: true }).waitFor();
    await dashboardStatus(supervisor, OPERATOR.extension)
      .getByText('Ready')
      .waitFor({ timeout: env.endpointDebounceMs + 2000 });
    await again.context().close();
  });
});

describe('supervisor', () => {
  it('after its socket is cut for 5 s during a burst of changes, the dashboard equals the live state without a reload', async () => {
    const context = await newContext(browser, env.baseUrl);
    const sockets: WebSocketRoute[] = [];
    let cut = false;
    // Every Socket.IO connection of this context goes through here; during the cut, reconnects are refused.
    await context.routeWebSocket(/\/socket\.io\//, (ws) => {
      if (cut) {
        void ws.close();
        return;
      }
      const server = ws.connectToServer();
      // Handling the page's messages means forwarding them; the Engine.IO upgrade packet ('5') is the
      // moment this WebSocket carries the session instead of long-polling.
      ws.onMessage((message) => {
        if (message === '5') sockets.push(ws);
        server.send(message);
      });
      ws.onClose(() => void server.close());
    });
    // Socket.IO falls back to HTTP long-polling: that is cut too.
    await context.route('**/socket.io/**', (route) => (cut ? route.abort() : route.continue()));
    const page = await context.newPage();
    await signIn(page, SUPERVISOR);
    const connection = page.getByTestId('connection');
    await connection.getByText('Live').waitFor();
    // Socket.IO starts on long-polling and upgrades: cut before the upgrade completes (a WebSocket that
    // only answered the probe) and the client stays on a pending long-poll, alive until its ping times
    // out, so wait for the upgrade itself.
    for (let waited = 0; sockets.length === 0 && waited < 10_000; waited += 100)
      await page.waitForTimeout(100);
    expect(sockets.length).toBeGreaterThan(0);

    cut = true;
    for (const ws of sockets.splice(0)) await ws.close();
    await connection.getByText('Reconnecting…').waitFor();
    const members = ['1001', '1002', '1003', '1004', '1005', '1006', '1007', '1008'];
    const burstEnds = Date.now() + 5000;
    for (let i = 0; Date.now() < burstEnds; i++) {
      // The reason stays on the agents' rows for the rest of the run, where the Russian page is checked
      // for English words: no word in it.
      env.simulator.model.pauseMember(`PJSIP/${members[i % members.length]}`, i % 3 !== 0, 'e2e');
      await page.waitForTimeout(20);
    }
    cut = false;
    await connection.getByText('Live').waitFor({ timeout: 15_000 });

    const liveQueues = () =>
      page.evaluate(async () => {
        const session = JSON.parse(sessionStorage.getItem('cc.auth.session') ?? '{}') as {
          accessToken?: string;
        };
        const response = await fetch('/api/queue-status/queues', {
          headers: { Authorization: `Bearer ${session.accessToken ?? ''}` },
        });
        const body = (await response.json()) as {
          items: { name: string; paused: number; available: number }[];
        };
        return body.items.map((q) => `${q.name}:${q.paused}:${q.available}`).sort();
      });
    const shownQueues = () =>
      page.evaluate(() =>
        Array.from(document.querySelectorAll('[data-testid="queues"] tbody tr'))
          .map((row) => {
            const cells = Array.from(row.children).map((cell) => cell.textContent?.trim() ?? '');
            return `${cells[0]}:${cells[5]}:${cells[3]}`;
          })
          .sort(),
      );
    const expected = await liveQueues();
    await until(
      'the dashboard to show the live state',
      shownQueues,
      (shown) => JSON.stringify(shown) === JSON.stringify(expected),
      10_000,
    );
    expect(await shownQueues()).toEqual(await liveQueues());
    await context.close();
  });
});

describe('languages', () => {
  // Latin words allowed on a Russian page: data (queue and agent names, logins, the pause reason 'e2e'
  // that the burst scenario above typed on the phones), product names, units.
  const DATA =
    /^(sales|support|billing|agent\d+|agent|supervisor|admin|english|sip|postgres|redis|pjsip|ws|s|ms|ext|ok|e2e)$/i;

  async function latinWords(page: Page): Promise<string[]> {
    const texts = await page.evaluate(() => {
      const out: string[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || parent.closest('option:not(:checked)') || parent.closest('script,style')) continue;
        const style = getComputedStyle(parent);
        if (style.display === 'none' || style.visibility === 'hidden') continue;
        out.push(node.textContent ?? '');
      }
      for (const element of document.querySelectorAll('[aria-label],[placeholder],[title]')) {
        for (const name of ['aria-label', 'placeholder', 'title']) out.push(element.getAttribute(name) ?? '');
      }
      return out;
    });
    return texts
      .flatMap((text) => text.match(/[A-Za-z][A-Za-z-]+/g) ?? [])
      .filter((word) => !DATA.test(word));
  }

  it('shows every visible label of /phone and /dashboard in Russian once the user picks it, and remembers it', async () => {
    const context = await newContext(browser, env.baseUrl);
    const page = await openPhone(context);
    await page.getByTestId('language').selectOption('ru');
    await page.getByText('Телефонная линия').waitFor();
    await page.getByTestId('sip-registration').getByText('Зарегистрирован').waitFor();
    expect(await latinWords(page)).toEqual([]);
    await page.reload();
    await page.getByText('Телефонная линия').waitFor();
    await page.getByRole('button', { name: 'Выйти' }).click();
    await page.waitForURL('**/login');
    await page.getByRole('heading', { name: 'Вход' }).waitFor();

    await signIn(page, SUPERVISOR);
    await page.waitForURL('**/dashboard');
    await page.getByRole('heading', { name: 'Панель супервизора' }).waitFor();
    await page.getByTestId('queues').getByText('billing').waitFor();
    expect(await latinWords(page)).toEqual([]);
    await page.getByTestId('language').selectOption('en');
    await context.close();
  });
});

describe('admin', () => {
  it('edits queues and members from /admin (QueueAdd, QueuePenalty and QueueRemove reach the exchange), and creates a user and changes their role', async () => {
    const context = await newContext(browser, env.baseUrl);
    const page = await context.newPage();
    await signIn(page, ADMIN);
    await page.waitForURL('**/admin');
    const panel = page.getByTestId('admin-queues');
    const billing = panel.locator('tr[data-queue="billing"]');
    await billing.waitFor();
    const lastAction = (name: string, from: number) =>
      until(
        `a ${name}`,
        () =>
          env.simulator
            .actionLog()
            .slice(from)
            .find((entry) => entry.action.toLowerCase() === name.toLowerCase()),
        (entry) => entry !== undefined,
      );

    let from = env.simulator.actionLog().length;
    await panel.getByLabel('Queue', { exact: true }).last().selectOption('billing');
    await panel.getByLabel('Interface').fill('PJSIP/1005');
    await panel.getByLabel('Penalty', { exact: true }).fill('2');
    await panel.getByRole('button', { name: 'Add member' }).click();
    const member = billing.locator('li[data-interface="PJSIP/1005"]');
    await member.waitFor();
    expect((await lastAction('QueueAdd', from))?.fields).toMatchObject({
      Queue: 'billing',
      Interface: 'PJSIP/1005',
      Penalty: '2',
    });

    from = env.simulator.actionLog().length;
    const penalty = page.getByLabel('Penalty of PJSIP/1005 in billing');
    await penalty.fill('4');
    await penalty.blur();
    await page.getByText('Penalty changed in the exchange.').waitFor();
    expect((await lastAction('QueuePenalty', from))?.fields).toMatchObject({
      Queue: 'billing',
      Interface: 'PJSIP/1005',
      Penalty: '4',
    });

    from = env.simulator.actionLog().length;
    await page.getByRole('button', { name: 'Remove PJSIP/1005 from billing' }).click();
    await member.waitFor({ state: 'detached' });
    expect((await lastAction('QueueRemove', from))?.fields).toMatchObject({
      Queue: 'billing',
      Interface: 'PJSIP/1005',
    });

    await panel.getByLabel('Queue', { exact: true }).first().fill('e2e-queue');
    await panel.getByRole('button', { name: 'Create queue' }).click();
    const created = panel.locator('tr[data-queue="e2e-queue"]');
    await created.waitFor();
    await created.getByRole('button', { name: 'Delete' }).click();
    await created.getByRole('button', { name: 'Yes, delete it' }).click();
    await created.waitFor({ state: 'detached' });

    // Users, on the same page: the login route's rate limit counts every sign-in of this run.
    const users = page.getByTestId('admin-users');
    await users.getByLabel('Username', { exact: true }).fill('e2e-user');
    await users.getByLabel('Password', { exact: true }).fill('e2e-password');
    await users.getByLabel('Extension', { exact: true }).fill('1015');
    await users.getByRole('button', { name: 'Create user' }).click();
    await users.locator('tr[data-user="e2e-user"]').waitFor();
    await expect(storedUser(env.databaseUrl, 'e2e-user')).resolves.toEqual({
      role: 'operator',
      extension: '1015',
      disabled: false,
    });
    await users.getByLabel('Role of e2e-user').selectOption('supervisor');
    await page.getByText('User changed.').waitFor();
    await expect(storedUser(env.databaseUrl, 'e2e-user')).resolves.toMatchObject({ role: 'supervisor' });
    await context.close();
  });
});
