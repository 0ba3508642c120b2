import {
  type BusCallReceivedEvent,
  type CallBusEvent,
  SYSTEM_ALERT_SEVERITIES,
  type SystemAlertBusEvent,
} from '@cc/contracts';
import { z } from 'zod';
import { PoisonMessageError } from './delivery-failure';

// Other services send what the old system sent: required fields checked, unknown fields ignored,
// optional ones defaulted, so one extra field never turns a good message into poison.
const nullableString = z.string().nullable().optional().default(null);
const nullableNumber = z.number().nullable().optional().default(null);

const callBusEventSchema = z.object({
  event: z.enum(['call.start', 'call.update', 'call.end']),
  timestamp: z.string().min(1),
  call_id: z.string().min(1),
  linked_id: nullableString,
  phone_number: nullableString,
  caller_name: nullableString,
  operator_id: nullableString,
  queue: nullableString,
  direction: z.enum(['inbound', 'outbound', 'internal']).optional().default('inbound'),
  status: z.enum(['ringing', 'answered', 'ended']).optional(),
  answered_at: nullableString,
  ended_at: nullableString,
  wait_seconds: nullableNumber,
  talk_seconds: nullableNumber,
  disposition: z
    .enum(['answered', 'abandoned', 'timeout', 'transferred', 'failed'])
    .nullable()
    .optional()
    .default(null),
  lead_id: nullableString,
  campaign_id: nullableString,
});

const systemAlertSchema = z.object({
  event: z.literal('system.alert').optional().default('system.alert'),
  timestamp: z.string().min(1),
  severity: z.enum(SYSTEM_ALERT_SEVERITIES),
  message: z.string().min(1),
  details: z.record(z.unknown()).optional().default({}),
  source: z.string().min(1),
});

function schemaError(error: z.ZodError): PoisonMessageError {
  const first = error.issues[0];
  return new PoisonMessageError(`wrong schema: ${first.path.join('.') || '(body)'}: ${first.message}`);
}

const CHANGE: Record<CallBusEvent['event'], BusCallReceivedEvent['change']> = {
  'call.start': 'new',
  'call.update': 'updated',
  'call.end': 'ended',
};

/** A call event from vss.call.events, or PoisonMessageError naming the first bad field. */
export function parseCallBusEvent(body: unknown): BusCallReceivedEvent {
  const parsed = callBusEventSchema.safeParse(body);
  if (!parsed.success) throw schemaError(parsed.error);
  const data = parsed.data;
  const status: CallBusEvent['status'] =
    data.status ??
    (data.event === 'call.end' ? 'ended' : data.event === 'call.update' ? 'answered' : 'ringing');
  return { change: CHANGE[data.event], call: { ...data, status } };
}

export function parseSystemAlert(body: unknown): SystemAlertBusEvent {
  const parsed = systemAlertSchema.safeParse(body);
  if (!parsed.success) throw schemaError(parsed.error);
  return parsed.data;
}
