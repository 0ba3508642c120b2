import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { realtimeConfig, type RealtimeConfig } from '../../config/realtime.config';
import {
  RealtimeServer,
  type ClusterQueryMessage,
  type ClusterReplyMessage,
  type RealtimeIo,
} from '../realtime.server';

export interface ClusterAnswers<T> {
  /** Answers of the other instances that replied in time (this instance's own is not included). */
  answers: { instanceId: string; answer: T }[];
  /** Other instances the adapter knows of; `answers.length < expected` means some did not reply. */
  expected: number;
  partial: boolean;
}

type Handler = (payload: unknown) => unknown;

interface PendingQuery {
  answers: { instanceId: string; answer: unknown }[];
  expected: number;
  done: () => void;
}

/**
 * Asks every other instance a question through the Socket.IO adapter and gathers the answers for at
 * most `clusterTimeoutMs`. Built on plain `serverSideEmit` rather than its ack form, whose 5 s timeout
 * is fixed and which drops the answers it did get when one instance stays silent.
 */
@Injectable()
export class ClusterQuery {
  private readonly logger = new Logger(ClusterQuery.name);
  private readonly handlers = new Map<string, Handler>();
  private readonly pending = new Map<string, PendingQuery>();
  private readonly uid = randomUUID();

  constructor(
    private readonly server: RealtimeServer,
    @Inject(realtimeConfig.KEY) private readonly config: RealtimeConfig,
  ) {
    server.whenAttached((io) => this.listen(io));
  }

  /** Registers how this instance answers `topic`. */
  answer(topic: string, handler: Handler): void {
    this.handlers.set(topic, handler);
  }

  async ask<T>(topic: string, payload: unknown): Promise<ClusterAnswers<T>> {
    const io = this.server.io;
    if (!io) return { answers: [], expected: 0, partial: false };
    const expected = await this.otherInstances(io);
    if (expected === 0) return { answers: [], expected, partial: false };
    const id = randomUUID();
    const query: PendingQuery = { answers: [], expected, done: () => undefined };
    const finished = new Promise<void>((resolve) => (query.done = resolve));
    this.pending.set(id, query);
    const timer = setTimeout(query.done, this.config.clusterTimeoutMs);
    const message: ClusterQueryMessage = { id, topic, from: this.uid, payload };
    io.serverSideEmit('realtime:query', message);
    await finished;
    clearTimeout(timer);
    this.pending.delete(id);
    const partial = query.answers.length < expected;
    if (partial) {
      this.logger.warn(`[${topic}] ${query.answers.length} of ${expected} other instances answered in time`);
    }
    return { answers: query.answers as ClusterAnswers<T>['answers'], expected, partial };
  }

  private async otherInstances(io: RealtimeIo): Promise<number> {
    try {
      // The adapter counts the subscribers of its public channel: one per live instance, us included.
      const count = await withTimeout(io.of('/').adapter.serverCount(), this.config.clusterTimeoutMs);
      return Math.max(0, count - 1);
    } catch (error) {
      this.logger.warn(`cannot count instances: ${(error as Error).message}`);
      return 0;
    }
  }

  private listen(io: RealtimeIo): void {
    io.on('realtime:query', (message) => void this.onQuery(io, message));
    io.on('realtime:reply', (message) => {
      if (message.to !== this.uid) return;
      const query = this.pending.get(message.id);
      if (!query) return;
      query.answers.push({ instanceId: message.from, answer: message.answer });
      if (query.answers.length >= query.expected) query.done();
    });
  }

  private async onQuery(io: RealtimeIo, message: ClusterQueryMessage): Promise<void> {
    const handler = this.handlers.get(message.topic);
    if (!handler) return;
    try {
      const answer = await handler(message.payload);
      const reply: ClusterReplyMessage = {
        id: message.id,
        from: this.config.instanceId,
        to: message.from,
        answer,
      };
      io.serverSideEmit('realtime:reply', reply);
    } catch (error) {
      this.logger.warn(`[${message.topic}] answering failed: ${(error as Error).message}`);
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}
