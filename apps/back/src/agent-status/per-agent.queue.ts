/**
 * Runs tasks one after another per key, in the order they were pushed: AMI events for one agent
 * (connect, then hangup a moment later) must reach Postgres in that order, while different agents
 * proceed in parallel. A failing task is the caller's to log; the next one still runs.
 */
export class PerAgentQueue {
  private readonly tails = new Map<string, Promise<void>>();

  push(key: string, task: () => Promise<void>): Promise<void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }

  async drain(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }
}
