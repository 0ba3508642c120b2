import { sipWebSocketSources } from './security-headers';

describe('sipWebSocketSources', () => {
  it('allows the configured SIP WebSocket origin whatever host the page came from', () => {
    const source = { kind: 'origin', origin: 'wss://pbx.example.com:8089' } as const;
    expect(sipWebSocketSources(source, 'cc.example.com')).toEqual(['wss://pbx.example.com:8089']);
  });

  it('allows the embedded simulator on the host the page was served from', () => {
    const simulator = { kind: 'simulator', port: 8088 } as const;
    expect(sipWebSocketSources(simulator, 'localhost:3000')).toEqual([
      'ws://localhost:8088',
      'wss://localhost:8088',
    ]);
    expect(sipWebSocketSources(simulator, '[::1]:3000')).toEqual(['ws://[::1]:8088', 'wss://[::1]:8088']);
  });

  it('allows any port of that host when the simulator took an ephemeral one', () => {
    expect(sipWebSocketSources({ kind: 'simulator', port: 0 }, '127.0.0.1:41234')).toEqual([
      'ws://127.0.0.1:*',
      'wss://127.0.0.1:*',
    ]);
  });

  it('adds nothing for a missing or odd Host header, which cannot be put in a policy safely', () => {
    const simulator = { kind: 'simulator', port: 8088 } as const;
    expect(sipWebSocketSources(simulator, undefined)).toEqual([]);
    expect(sipWebSocketSources(simulator, "evil.com; script-src 'unsafe-inline'")).toEqual([]);
  });
});
