import type { AuthenticatedUser } from '@cc/contracts';
import { decideJoin, defaultRoomsOf, interfaceBelongsTo, parseRoom, type ParsedRoom } from './room-access';

const operator: AuthenticatedUser = { id: 'u1', username: 'op', role: 'operator', extension: '1001' };
const supervisor: AuthenticatedUser = { id: 'u2', username: 'sup', role: 'supervisor', extension: null };

function room(name: string): ParsedRoom {
  const parsed = parseRoom(name);
  if (!parsed) throw new Error(`not a room: ${name}`);
  return parsed;
}

describe('room names', () => {
  it('accepts the fixed rooms and maps directors to supervisors', () => {
    expect(parseRoom('live')?.room).toBe('live');
    expect(parseRoom('directors')?.room).toBe('supervisors');
  });

  it('accepts parameterised rooms and refuses unknown kinds, empty or odd parameters', () => {
    expect(parseRoom('queue:sales')).toEqual({ kind: 'queue', param: 'sales', room: 'queue:sales' });
    expect(parseRoom('city:Нижний Новгород')?.room).toBe('city:Нижний Новгород');
    expect(parseRoom('queue:')).toBeNull();
    expect(parseRoom('planet:mars')).toBeNull();
    expect(parseRoom('queue:a\nb')).toBeNull();
    expect(parseRoom(`order:${'x'.repeat(65)}`)).toBeNull();
    expect(parseRoom(42)).toBeNull();
  });
});

describe('who may join a room', () => {
  it('puts a user in their role room and personal rooms', () => {
    expect(defaultRoomsOf(operator)).toEqual(['operators', 'operator:u1', 'agent:1001']);
    expect(defaultRoomsOf(supervisor)).toEqual(['supervisors', 'operator:u2']);
  });

  it('lets an operator join operators, their own rooms and the queues they are a member of', () => {
    for (const name of ['operators', 'operator:u1', 'agent:1001', 'queue:sales']) {
      expect(decideJoin(operator, room(name), ['sales'])).toEqual({ allowed: true });
    }
  });

  it('refuses an operator every other room with FORBIDDEN_ROOM', () => {
    for (const name of [
      'supervisors',
      'admins',
      'live',
      'operator:u9',
      'agent:1002',
      'queue:support',
      'city:x',
      'order:1',
    ]) {
      expect(decideJoin(operator, room(name), ['sales'])).toMatchObject({
        allowed: false,
        code: 'FORBIDDEN_ROOM',
      });
    }
  });

  it('lets supervisors and admins join any room', () => {
    expect(decideJoin(supervisor, room('live'), [])).toEqual({ allowed: true });
    expect(decideJoin({ ...supervisor, role: 'admin' }, room('order:7'), [])).toEqual({ allowed: true });
  });
});

describe('queue membership by extension', () => {
  it('matches device and Local interfaces of the extension only', () => {
    expect(interfaceBelongsTo('PJSIP/1001', '1001')).toBe(true);
    expect(interfaceBelongsTo('Local/1001@agents', '1001')).toBe(true);
    expect(interfaceBelongsTo('PJSIP/10010', '1001')).toBe(false);
    expect(interfaceBelongsTo('1001', '1001')).toBe(false);
  });
});
