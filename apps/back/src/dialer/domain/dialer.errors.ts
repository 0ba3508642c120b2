export enum DialerErrorCode {
  CampaignNotFound = 'campaign-not-found',
  CampaignStopped = 'campaign-stopped',
  BusOff = 'bus-off',
  AmiUnavailable = 'ami-unavailable',
}

/** A request the dialer cannot carry out; the controller maps the code to an HTTP status. */
export class DialerError extends Error {
  constructor(
    readonly code: DialerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DialerError';
  }
}
