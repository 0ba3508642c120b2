import {
  FIXED_ROOMS,
  PARAMETERISED_ROOM_KINDS,
  type AuthenticatedUser,
  type FixedRoom,
  type ParameterisedRoomKind,
  type RealtimeErrorCode,
  type RealtimeRoom,
} from '@cc/contracts';

export type ParsedRoom =
  | { kind: 'fixed'; name: FixedRoom; room: RealtimeRoom }
  | { kind: ParameterisedRoomKind; param: string; room: RealtimeRoom };

// Room parameters end up in Redis stream entries and logs: keep them short and printable.
const ROOM_PARAM = /^[\p{L}\p{N}._@+\-/ ]{1,64}$/u;

/** The canonical room for a name a client sent, or null; `directors` becomes `supervisors`. */
export function parseRoom(name: unknown): ParsedRoom | null {
  if (typeof name !== 'string') return null;
  if ((FIXED_ROOMS as readonly string[]).includes(name)) {
    const fixed = (name === 'directors' ? 'supervisors' : name) as FixedRoom;
    return { kind: 'fixed', name: fixed, room: fixed };
  }
  const colon = name.indexOf(':');
  if (colon <= 0) return null;
  const kind = name.slice(0, colon);
  const param = name.slice(colon + 1);
  if (!(PARAMETERISED_ROOM_KINDS as readonly string[]).includes(kind) || !ROOM_PARAM.test(param)) return null;
  return { kind: kind as ParameterisedRoomKind, param, room: `${kind as ParameterisedRoomKind}:${param}` };
}

/** Rooms a socket joins as soon as it is authenticated. */
export function defaultRoomsOf(user: AuthenticatedUser): RealtimeRoom[] {
  const rooms: RealtimeRoom[] = [`${user.role}s` as FixedRoom, `operator:${user.id}`];
  if (user.extension) rooms.push(`agent:${user.extension}`);
  return rooms;
}

export type RoomDecision = { allowed: true } | { allowed: false; code: RealtimeErrorCode; message: string };

/**
 * Who may join what: supervisors and admins any room; an operator only `operators`, their own
 * `operator:{userId}` and `agent:{extension}`, and the queues their extension is a member of.
 */
export function decideJoin(
  user: AuthenticatedUser,
  room: ParsedRoom,
  operatorQueues: readonly string[],
): RoomDecision {
  if (user.role !== 'operator') return { allowed: true };
  const refuse = (message: string): RoomDecision => ({ allowed: false, code: 'FORBIDDEN_ROOM', message });
  switch (room.kind) {
    case 'fixed':
      return room.name === 'operators' ? { allowed: true } : refuse(`operators may not join ${room.room}`);
    case 'operator':
      return room.param === user.id ? { allowed: true } : refuse('operators may join only their own room');
    case 'agent':
      return user.extension !== null && room.param === user.extension
        ? { allowed: true }
        : refuse('operators may join only their own extension');
    case 'queue':
      return operatorQueues.includes(room.param)
        ? { allowed: true }
        : refuse(`extension ${user.extension ?? '(none)'} is not a member of queue ${room.param}`);
    case 'city':
    case 'order':
      return refuse(`operators may not join ${room.kind} rooms`);
  }
}

/**
 * Whether a queue member's interface is this extension's device: `PJSIP/1001`, `SIP/1001`,
 * `IAX2/1001`, or a Local channel into the extension (`Local/1001@agents`).
 */
export function interfaceBelongsTo(memberInterface: string, extension: string): boolean {
  const slash = memberInterface.indexOf('/');
  if (slash < 0) return false;
  const tech = memberInterface.slice(0, slash).toUpperCase();
  const rest = memberInterface.slice(slash + 1);
  if (tech === 'LOCAL') return rest.split('@')[0] === extension;
  return rest === extension;
}
