import { generatedTopology } from './pbx-topology';

describe('generated topology', () => {
  it('puts every generated agent in at least one queue', () => {
    const t = generatedTopology(20, 3);
    const members = new Set(t.queues.flatMap((q) => q.members.map((m) => m.interface)));
    expect(t.endpoints).toHaveLength(20);
    expect(members.size).toBe(20);
    expect(t.queues.map((q) => q.extension)).toEqual(['500', '501', '502']);
  });
});
