import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { SipCredentials } from '@cc/contracts';
import { firstValueFrom } from 'rxjs';

@Injectable({ providedIn: 'root' })
export class SipCredentialsApi {
  private readonly http = inject(HttpClient);

  fetch(): Promise<SipCredentials> {
    return firstValueFrom(this.http.get<SipCredentials>('/api/me/sip'));
  }
}
