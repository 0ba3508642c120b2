import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  CreatePauseReasonRequest,
  PauseReason,
  CreateUserRequest,
  QueueStatusData,
  ResyncResult,
  SourcedList,
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

  queues(): Promise<SourcedList<QueueStatusData>> {
    return firstValueFrom(this.http.get<SourcedList<QueueStatusData>>('/api/queue-status/queues'));
  }

  users(): Promise<UserSummary[]> {
    return firstValueFrom(this.http.get<UserSummary[]>('/api/users'));
  }

  createUser(request: CreateUserRequest): Promise<UserSummary> {
    return firstValueFrom(this.http.post<UserSummary>('/api/users', request));
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
