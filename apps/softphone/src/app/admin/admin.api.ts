import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  AddQueueMemberRequest,
  AdminQueue,
  AdminQueueList,
  CreatePauseReasonRequest,
  CreateQueueRequest,
  PauseReason,
  CreateUserRequest,
  ResyncResult,
  UpdateUserRequest,
  SyncStatus,
  UserSummary,
} from '@cc/contracts';
import { firstValueFrom } from 'rxjs';

@Injectable({ providedIn: 'root' })
export class AdminApi {
  private readonly http = inject(HttpClient);

  syncStatus(): Promise<SyncStatus> {
    return firstValueFrom(this.http.get<SyncStatus>('/api/queue-status/sync/status'));
  }

  resync(): Promise<ResyncResult> {
    return firstValueFrom(this.http.post<ResyncResult>('/api/queue-status/sync/resync', {}));
  }

  clearLiveState(): Promise<{ removed: number }> {
    return firstValueFrom(this.http.delete<{ removed: number }>('/api/queue-status/clear'));
  }

  /** The configured queues and members (Postgres), as the admin routes keep them. */
  queues(): Promise<AdminQueueList> {
    return firstValueFrom(this.http.get<AdminQueueList>('/api/admin/queues'));
  }

  createQueue(request: CreateQueueRequest): Promise<AdminQueue> {
    return firstValueFrom(this.http.post<AdminQueue>('/api/admin/queues', request));
  }

  deleteQueue(name: string): Promise<unknown> {
    return firstValueFrom(this.http.delete(`/api/admin/queues/${encodeURIComponent(name)}`));
  }

  addMember(queue: string, request: AddQueueMemberRequest): Promise<AdminQueue> {
    return firstValueFrom(
      this.http.post<AdminQueue>(`/api/admin/queues/${encodeURIComponent(queue)}/members`, request),
    );
  }

  setPenalty(queue: string, iface: string, penalty: number): Promise<AdminQueue> {
    return firstValueFrom(this.http.patch<AdminQueue>(memberPath(queue, iface), { penalty }));
  }

  removeMember(queue: string, iface: string): Promise<AdminQueue> {
    return firstValueFrom(this.http.delete<AdminQueue>(memberPath(queue, iface)));
  }

  users(): Promise<UserSummary[]> {
    return firstValueFrom(this.http.get<UserSummary[]>('/api/users'));
  }

  createUser(request: CreateUserRequest): Promise<UserSummary> {
    return firstValueFrom(this.http.post<UserSummary>('/api/users', request));
  }

  updateUser(id: string, changes: UpdateUserRequest): Promise<UserSummary> {
    return firstValueFrom(this.http.patch<UserSummary>(`/api/users/${encodeURIComponent(id)}`, changes));
  }

  resetPassword(id: string, password: string): Promise<unknown> {
    return firstValueFrom(this.http.put(`/api/users/${encodeURIComponent(id)}/password`, { password }));
  }

  deleteUser(id: string): Promise<unknown> {
    return firstValueFrom(this.http.delete(`/api/users/${encodeURIComponent(id)}`));
  }

  pauseReasons(): Promise<PauseReason[]> {
    return firstValueFrom(this.http.get<PauseReason[]>('/api/pause-reasons'));
  }

  createPauseReason(reason: CreatePauseReasonRequest): Promise<PauseReason> {
    return firstValueFrom(this.http.post<PauseReason>('/api/pause-reasons', reason));
  }

  deletePauseReason(id: number): Promise<unknown> {
    return firstValueFrom(this.http.delete(`/api/pause-reasons/${id}`));
  }
}

// The interface (`PJSIP/1005`) has a slash: encoded, it stays one path segment.
const memberPath = (queue: string, iface: string): string =>
  `/api/admin/queues/${encodeURIComponent(queue)}/members/${encodeURIComponent(iface)}`;
