import type { AutodialLeadCommand } from '@cc/contracts';
import { z } from 'zod';
import { PoisonMessageError } from '../../bus/domain/delivery-failure';

const leadCommandSchema = z.object({
  event: z.literal('autodial.lead').optional().default('autodial.lead'),
  timestamp: z.string().optional().default(''),
  lead_id: z.string().uuid(),
  campaign_id: z.string().uuid(),
  phone_number: z.string().min(1),
  priority: z.number().int().min(0).max(10).optional().default(5),
});

/** A lead command from vss.autodial.leads, or PoisonMessageError naming the first bad field. */
export function parseLeadCommand(body: unknown): AutodialLeadCommand {
  const parsed = leadCommandSchema.safeParse(body);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new PoisonMessageError(`wrong schema: ${first.path.join('.') || '(body)'}: ${first.message}`);
  }
  return parsed.data;
}
