import { ExternalOutcome, isExternalOutcome } from '../model/external-numbers';
import type { AmiActionLogEntry } from '../ami/ami-server';
import type { PbxFaults } from '../faults/pbx-faults';
import type { GroundTruth } from '../ground-truth';
import type { DirectCallResult, PbxModel } from '../model/pbx-model';

/** What the HTTP routes read and drive (PbxSimulator is it). */
export interface SimulatorHttpTarget {
  readonly model: PbxModel;
  readonly faults: Pick<PbxFaults, 'fromHttp'>;
  groundTruth(): GroundTruth;
  actionLog(): AmiActionLogEntry[];
  pauseFromPhone(extension: string, paused: boolean, reason?: string, queues?: string[]): string[];
  directCall(
    extension: string,
    number: string,
    direction: 'inbound' | 'outbound',
    callerName?: string,
  ): DirectCallResult;
  setOutboundOutcomes(outcomes: Record<string, ExternalOutcome>): void;
}
import { SimHttpBody, SimHttpError, SimHttpRoute } from './ground-truth.http-server';

const requiredString = (body: SimHttpBody, field: string): string => {
  const v = body[field];
  if (typeof v !== 'string' || v.trim() === '')
    throw new SimHttpError(400, `'${field}' must be a non-empty string`);
  return v;
};

const optionalString = (body: SimHttpBody, field: string): string | undefined => {
  const v = body[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new SimHttpError(400, `'${field}' must be a string`);
  return v;
};

const knownExtension = (sim: SimulatorHttpTarget, extension: string): string => {
  if (!sim.model.hasEndpoint(extension)) throw new SimHttpError(404, `unknown extension ${extension}`);
  return extension;
};

/** The model refuses a call to a phone with no reachable contact: 409, the request was fine. */
const asConflict = <T>(fn: () => T): T => {
  try {
    return fn();
  } catch (e) {
    throw new SimHttpError(409, e instanceof Error ? e.message : String(e));
  }
};

/** Every route of the simulator's HTTP API; docs/pbx-simulator.md describes each. */
export const simulatorHttpRoutes = (sim: SimulatorHttpTarget): SimHttpRoute[] => [
  { method: 'GET', path: /^\/ground-truth$/, handle: () => sim.groundTruth() },
  { method: 'GET', path: /^\/actions$/, handle: () => sim.actionLog() },
  { method: 'POST', path: /^\/faults\/([\w-]+)$/, handle: ([name], body) => sim.faults.fromHttp(name, body) },
  {
    method: 'POST',
    path: /^\/agents\/(\w+)\/pause$/,
    handle: ([extension], body) => {
      knownExtension(sim, extension);
      const paused = body['paused'];
      if (typeof paused !== 'boolean') throw new SimHttpError(400, "'paused' must be true or false");
      const queues = body['queues'];
      if (queues !== undefined && !(Array.isArray(queues) && queues.every((q) => typeof q === 'string')))
        throw new SimHttpError(400, "'queues' must be an array of queue names");
      const unknown = (queues ?? []).filter((q: string) => !sim.model.queues.has(q));
      if (unknown.length > 0) throw new SimHttpError(400, `unknown queues: ${unknown.join(', ')}`);
      const changed = sim.pauseFromPhone(extension, paused, optionalString(body, 'reason') ?? '', queues);
      if (changed.length === 0)
        throw new SimHttpError(404, `PJSIP/${extension} is a member of none of the queues named`);
      return { extension, paused, queues: changed };
    },
  },
  {
    method: 'POST',
    path: /^\/calls\/direct$/,
    handle: (_params, body) => {
      const extension = knownExtension(sim, requiredString(body, 'extension'));
      const number = requiredString(body, 'number');
      const direction = body['direction'];
      if (direction !== 'inbound' && direction !== 'outbound')
        throw new SimHttpError(400, "'direction' must be inbound or outbound");
      const callerName = optionalString(body, 'callerName');
      return asConflict(() => sim.directCall(extension, number, direction, callerName));
    },
  },
  { method: 'GET', path: /^\/outbound\/outcomes$/, handle: () => sim.model.externalNumbers.list() },
  {
    method: 'POST',
    path: /^\/outbound\/outcomes$/,
    handle: (_params, body) => {
      const outcomes: Record<string, ExternalOutcome> = {};
      for (const [number, outcome] of Object.entries(body)) {
        if (!isExternalOutcome(outcome))
          throw new SimHttpError(400, `'${number}' must be one of answer, busy, noanswer, congestion`);
        outcomes[number] = outcome;
      }
      sim.setOutboundOutcomes(outcomes);
      return sim.model.externalNumbers.list();
    },
  },
  {
    method: 'DELETE',
    path: /^\/outbound\/outcomes$/,
    handle: () => {
      sim.model.externalNumbers.clear();
      return {};
    },
  },
];
