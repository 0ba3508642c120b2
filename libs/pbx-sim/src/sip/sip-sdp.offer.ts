import { randomBytes, randomInt } from 'node:crypto';

/**
 * An audio offer shaped like the one Asterisk sends to a `webrtc=yes` endpoint: browsers refuse an offer
 * without ICE credentials, a DTLS fingerprint and rtcp-mux, even if no media ever flows. The candidate
 * points nowhere useful; the simulator never sends RTP.
 */
export function buildSdpOffer(options: { address: string; sessionId?: number }): string {
  const sessionId = options.sessionId ?? randomInt(1, 2 ** 31);
  const port = randomInt(10000, 20000) * 2;
  const fingerprint = Array.from(randomBytes(32), (byte) =>
    byte.toString(16).padStart(2, '0').toUpperCase(),
  ).join(':');
  const lines = [
    'v=0',
    `o=- ${sessionId} ${sessionId} IN IP4 ${options.address}`,
    's=Asterisk',
    `c=IN IP4 ${options.address}`,
    't=0 0',
    'a=msid-semantic:WMS *',
    'a=group:BUNDLE 0',
    `m=audio ${port} UDP/TLS/RTP/SAVPF 111 0 8 101`,
    `a=candidate:1 1 UDP 2130706431 ${options.address} ${port} typ host`,
    `a=ice-ufrag:${randomBytes(8).toString('hex')}`,
    `a=ice-pwd:${randomBytes(16).toString('hex')}`,
    `a=fingerprint:sha-256 ${fingerprint}`,
    'a=setup:actpass',
    'a=mid:0',
    'a=rtcp-mux',
    'a=rtpmap:111 opus/48000/2',
    'a=fmtp:111 useinbandfec=1',
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:8 PCMA/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-16',
    'a=ptime:20',
    'a=sendrecv',
  ];
  return `${lines.join('\r\n')}\r\n`;
}
