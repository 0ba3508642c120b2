import type { CampaignResponse, LeadInput } from '@cc/contracts';
import { waitFor } from '../bus/bus-broker.test-support';
import { DIALER_AGENTS as AGENTS, startDialerWorld, type DialerWorld } from './dialer.test-setup';

const MAX_ATTEMPTS = 3;
const LEADS = 50;
const DNC = ['+33100000007', '+33100000021', '+33100000042'];
// The simulator's seeded outcomes: a number ending in 7 is busy, 8 does not answer, 9 is congested
// (docs/pbx-simulator.md, "Outbound calls and seeded outcomes"); any other digit answers.
const SEEDED: Record<string, string> = { '7': 'busy', '8': 'no_answer', '9': 'failed' };
// Simulated seconds per real second: an agent answers after 2 s and talks 6 s of simulated time.
const SIM_SPEED = 20;

interface AttemptRow {
  lead_id: string;
  phone: string;
  agent_extension: string | null;
  outcome: string | null;
  dialled: boolean;
  started_at: Date;
  ended_at: Date | null;
}

/** A window of a few hours around now (UTC), and a zone where it is the middle of the night. */
function windowAroundNow(): { start: string; end: string; closedZone: string } {
  const hour = new Date().getUTCHours();
  const start = Math.max(0, Math.min(hour - 3, 17));
  const pad = (h: number) => `${String(h).padStart(2, '0')}:00`;
  // UTC+12 is twelve hours away from any hour of this window.
  return { start: pad(start), end: pad(start + 6), closedZone: 'Etc/GMT-12' };
}

describe('progressive campaign against the PBX simulator', () => {
  let world: DialerWorld;

  beforeAll(async () => {
    world = await startDialerWorld({ simSpeed: SIM_SPEED, agentStatus: 'ONLINE' });
  });

  afterAll(async () => {
    await world?.close();
  });

  // The queue's wrap-up (0 s, the column's default) applies to the dialer's calls, as to its queue calls;
  // with the 10 s default for direct calls, 3 agents could not finish ~28 answered calls in a minute.
  it('dials every lead through a reserved free agent: no abandon, DNC never dialled, progress equal to the attempts', async () => {
    const window = windowAroundNow();
    const { app, sim, auth, db } = world;
    for (const phone of DNC) {
      expect((await app.http.post('/api/autodialer/do-not-call').set(auth).send({ phone })).status).toBe(204);
    }
    const { id: campaignId } = await world.createCampaign({
      name: 'December renewals',
      callingWindow: { start: window.start, end: window.end },
      maxAttempts: MAX_ATTEMPTS,
    });

    const leads: LeadInput[] = Array.from({ length: LEADS }, (_, i) => ({
      phone: `+331000000${String(i).padStart(2, '0')}`,
      name: `Lead ${i}`,
      priority: i % 11,
      source: 'integration-test',
      // Every tenth lead lives where the window is closed now.
      timeZone: i % 10 === 5 ? window.closedZone : null,
    }));
    const outsideWindow = leads
      .filter((lead) => lead.timeZone === window.closedZone)
      .map((lead) => lead.phone);

    // Sample what the PBX sees while the campaign runs: agent channels up at once.
    let maxAgentChannels = 0;
    const sampler = setInterval(() => {
      // Agents' channels only: the trunk's legs are named PJSIP/trunk-<seq>.
      const up = sim
        .groundTruth()
        .channels.filter(
          (channel) => channel.name.startsWith('PJSIP/') && !channel.name.startsWith('PJSIP/trunk-'),
        ).length;
      maxAgentChannels = Math.max(maxAgentChannels, up);
    }, 20);

    const run = await app.http.post(`/api/autodialer/campaigns/${campaignId}/run`).set(auth).send({ leads });
    expect(run.status).toBe(202);
    expect(run.body).toEqual({ campaignId, accepted: LEADS, duplicates: 0 });

    const finished = await waitFor(
      async () =>
        (await app.http.get(`/api/autodialer/campaigns/${campaignId}`).set(auth)).body as CampaignResponse,
      (campaign) =>
        campaign.progress.queued + campaign.progress.dialling + campaign.progress.connected === 0 &&
        campaign.progress.retrying === outsideWindow.length,
      60_000,
    );
    clearInterval(sampler);

    const attempts = (await db.query(
      `SELECT a.lead_id, l.phone, a.agent_extension, a.outcome, a.dialled, a.started_at, a.ended_at
         FROM dialer_attempts a JOIN dialer_leads l ON l.id = a.lead_id ORDER BY a.started_at`,
    )) as AttemptRow[];
    const originated = sim.actionLog().filter((entry) => entry.action.toLowerCase() === 'originate');
    const dialledPhones = originated.map((entry) => entry.fields['Exten']);
    const phonesWith = (outcome: string): string[] =>
      attempts
        .filter((a) => a.outcome === outcome)
        .map((a) => a.phone)
        .sort();

    // The do-not-call numbers never reached the PBX, and each has its dnc attempt.
    expect(dialledPhones.filter((phone) => DNC.includes(phone))).toEqual([]);
    expect(phonesWith('dnc')).toEqual([...DNC].sort());
    // Outside their window: not dialled, recorded, waiting for the window to open.
    expect(dialledPhones.filter((phone) => outsideWindow.includes(phone))).toEqual([]);
    expect(phonesWith('outside_window')).toEqual([...outsideWindow].sort());
    // Every other lead dialled at least once and at most max-attempts times: exactly once when it
    // answers, exactly max-attempts times when its number never does (busy, no answer, congested).
    const perPhone = new Map<string, number>();
    for (const phone of dialledPhones) perPhone.set(phone, (perPhone.get(phone) ?? 0) + 1);
    for (const lead of leads) {
      if (DNC.includes(lead.phone) || outsideWindow.includes(lead.phone)) continue;
      const seeded = SEEDED[lead.phone.slice(-1)] ?? 'answered';
      const own = attempts.filter((a) => a.phone === lead.phone);
      expect({
        phone: lead.phone,
        dials: perPhone.get(lead.phone) ?? 0,
        outcomes: own.map((a) => a.outcome),
      }).toEqual({
        phone: lead.phone,
        dials: seeded === 'answered' ? 1 : MAX_ATTEMPTS,
        outcomes: seeded === 'answered' ? ['answered'] : Array(MAX_ATTEMPTS).fill(seeded),
      });
    }
    // Only the reserved agents were rung, never two calls on one agent, never more calls than agents.
    expect(new Set(originated.map((entry) => entry.fields['Channel']))).toEqual(
      new Set(AGENTS.map((agent) => `PJSIP/${agent}`)),
    );
    for (const agent of AGENTS) {
      const own = attempts.filter((a) => a.agent_extension === agent);
      for (let i = 1; i < own.length; i += 1) {
        expect(own[i].started_at.getTime()).toBeGreaterThanOrEqual(
          own[i - 1].ended_at?.getTime() ?? Infinity,
        );
      }
    }
    expect(maxAgentChannels).toBeGreaterThan(0);
    expect(maxAgentChannels).toBeLessThanOrEqual(AGENTS.length);
    // Zero abandoned: the agent is on the line before the lead's phone rings.
    expect(finished.progress.abandonRate).toBe(0);
    expect(sim.groundTruth().queues.every((queue) => queue.abandoned === 0)).toBe(true);

    // Agent status ended each dialer call with the queue's wrap-up (none), not the direct-call default.
    expect(await db.query(`SELECT extension FROM agent_status_history WHERE status = 'WRAP_UP'`)).toEqual([]);

    // The campaign's progress is exactly what the attempt rows say.
    const byOutcome: Record<string, number> = {};
    for (const a of attempts) if (a.outcome) byOutcome[a.outcome] = (byOutcome[a.outcome] ?? 0) + 1;
    expect(finished.progress.attempts).toBe(attempts.length);
    expect(Object.fromEntries(Object.entries(finished.progress.outcomes).filter(([, n]) => n > 0))).toEqual(
      byOutcome,
    );
    expect(finished.progress.done).toBe(attempts.filter((a) => a.outcome === 'answered').length);
    expect(finished.progress.doNotCall).toBe(DNC.length);
    expect(finished.progress.leads).toBe(LEADS);
    expect(finished.progress.failed).toBe(
      leads.filter(
        (lead) =>
          !DNC.includes(lead.phone) && !outsideWindow.includes(lead.phone) && SEEDED[lead.phone.slice(-1)],
      ).length,
    );
  });

  it('refuses a campaign with a bad window or zone, naming the field', async () => {
    const response = await world.app.http
      .post('/api/autodialer/campaigns')
      .set(world.auth)
      .send({
        name: 'x',
        queue: 'support',
        callingWindow: { start: '20:00', end: '09:00' },
        maxAttempts: 3,
        retryDelaysSeconds: { busy: 1, no_answer: 1, failed: 1 },
        maxConcurrentCalls: 1,
        defaultTimeZone: 'Mars/Olympus',
      });
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          field: 'callingWindow.end',
          reasons: ['end must be later than start on the same day'],
        }),
        expect.objectContaining({ field: 'defaultTimeZone' }),
      ]),
    );
  });
});
