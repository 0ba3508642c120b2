import type { BodyAndContentType, SessionDescriptionHandler, SessionDescriptionHandlerFactory } from 'sip.js';

/** A minimal but well-formed WebRTC-style answer; nothing ever listens on it. */
export const CANNED_SDP_ANSWER = [
  'v=0',
  'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'a=msid-semantic: WMS',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 0',
  'c=IN IP4 0.0.0.0',
  'a=rtcp:9 IN IP4 0.0.0.0',
  'a=ice-ufrag:fake',
  'a=ice-pwd:fakefakefakefakefakefake',
  'a=fingerprint:sha-256 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF',
  'a=setup:active',
  'a=mid:0',
  'a=sendrecv',
  'a=rtcp-mux',
  'a=rtpmap:111 opus/48000/2',
  'a=rtpmap:0 PCMU/8000',
  '',
].join('\r\n');

/**
 * Stands in for SIP.js's WebRTC SessionDescriptionHandler, which needs RTCPeerConnection and getUserMedia
 * (absent in Node). It records the offers it was given and answers with {@link CANNED_SDP_ANSWER}.
 */
export class FakeSessionDescriptionHandler implements SessionDescriptionHandler {
  readonly remoteDescriptions: string[] = [];

  close(): void {
    // No media resources to release.
  }

  getDescription(): Promise<BodyAndContentType> {
    return Promise.resolve({ body: CANNED_SDP_ANSWER, contentType: 'application/sdp' });
  }

  hasDescription(contentType: string): boolean {
    return contentType === 'application/sdp';
  }

  setDescription(sdp: string): Promise<void> {
    this.remoteDescriptions.push(sdp);
    return Promise.resolve();
  }

  sendDtmf(): boolean {
    return false;
  }
}

export function createFakeSessionDescriptionHandlerFactory(
  created: FakeSessionDescriptionHandler[] = [],
): SessionDescriptionHandlerFactory {
  return () => {
    const handler = new FakeSessionDescriptionHandler();
    created.push(handler);
    return handler;
  };
}
