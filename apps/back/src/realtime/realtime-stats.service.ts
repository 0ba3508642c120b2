import type { ConnectionStats, RoomStats } from '@cc/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { realtimeConfig, type RealtimeConfig } from '../config/realtime.config';
import { ClusterQuery } from './adapters/cluster-query';
import { RealtimeServer } from './realtime.server';

const STATS_TOPIC = 'stats';

/** What one instance reports about its own sockets. */
export interface InstanceStats {
  instanceId: string;
  sockets: number;
  authenticatedSockets: number;
  userIds: string[];
  rooms: Record<string, number>;
}

/** Connection and room figures summed over every instance that answers within the cluster timeout. */
@Injectable()
export class RealtimeStatsService {
  constructor(
    private readonly server: RealtimeServer,
    private readonly cluster: ClusterQuery,
    @Inject(realtimeConfig.KEY) private readonly config: RealtimeConfig,
  ) {
    cluster.answer(STATS_TOPIC, () => this.local());
  }

  async connections(): Promise<ConnectionStats> {
    const { all, expected, partial } = await this.gather();
    const users = new Set(all.flatMap((stats) => stats.userIds));
    return {
      partial,
      expectedInstances: expected,
      respondingInstances: all.length,
      sockets: sum(all.map((stats) => stats.sockets)),
      authenticatedSockets: sum(all.map((stats) => stats.authenticatedSockets)),
      onlineUsers: users.size,
      instances: all.map((stats) => ({
        instanceId: stats.instanceId,
        sockets: stats.sockets,
        authenticatedSockets: stats.authenticatedSockets,
        users: stats.userIds.length,
      })),
    };
  }

  async rooms(): Promise<RoomStats> {
    const { all, expected, partial } = await this.gather();
    const rooms = new Map<string, number>();
    for (const stats of all) {
      for (const [room, count] of Object.entries(stats.rooms))
        rooms.set(room, (rooms.get(room) ?? 0) + count);
    }
    return {
      partial,
      expectedInstances: expected,
      respondingInstances: all.length,
      rooms: [...rooms.entries()]
        .map(([room, sockets]) => ({ room, sockets }))
        .sort((a, b) => a.room.localeCompare(b.room)),
    };
  }

  private async gather(): Promise<{ all: InstanceStats[]; expected: number; partial: boolean }> {
    const remote = await this.cluster.ask<InstanceStats>(STATS_TOPIC, null);
    return {
      all: [this.local(), ...remote.answers.map(({ answer }) => answer)],
      expected: remote.expected + 1,
      partial: remote.partial,
    };
  }

  private local(): InstanceStats {
    const nsp = this.server.io?.of('/');
    const stats: InstanceStats = {
      instanceId: this.config.instanceId,
      sockets: 0,
      authenticatedSockets: 0,
      userIds: [],
      rooms: {},
    };
    if (!nsp) return stats;
    const users = new Set<string>();
    for (const socket of nsp.sockets.values()) {
      stats.sockets++;
      const user = socket.data.user;
      if (user) {
        stats.authenticatedSockets++;
        users.add(user.id);
      }
    }
    stats.userIds = [...users];
    for (const [room, members] of nsp.adapter.rooms) {
      // Every socket sits in a room named after its id; those are not rooms anyone joined.
      if (!nsp.sockets.has(room)) stats.rooms[room] = members.size;
    }
    return stats;
  }
}

const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);
