import { parseEnv, type RawEnv } from './env.schema';
import { httpConfig } from './http.config';

function httpConfigFor(raw: RawEnv) {
  const parsed = parseEnv(raw);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return httpConfig.build(parsed.env);
}

describe('httpConfig', () => {
  it('limits bodies to 1 MiB unless HTTP_BODY_LIMIT_BYTES says otherwise', () => {
    expect(httpConfigFor({}).bodyLimitBytes).toBe(1_048_576);
    expect(httpConfigFor({ HTTP_BODY_LIMIT_BYTES: '65536' }).bodyLimitBytes).toBe(65_536);
    expect(parseEnv({ HTTP_BODY_LIMIT_BYTES: '1mb' })).toMatchObject({
      ok: false,
      errors: ['HTTP_BODY_LIMIT_BYTES: HTTP_BODY_LIMIT_BYTES must be a number of bytes'],
    });
  });

  it('takes the SIP WebSocket origin from SIP_WS_URL, else Asterisk on 8088, else the simulator', () => {
    expect(httpConfigFor({ SIP_WS_URL: 'wss://pbx.example.com:8089/ws' }).sipWebSocket).toEqual({
      kind: 'origin',
      origin: 'wss://pbx.example.com:8089',
    });
    expect(httpConfigFor({ AMI_HOST: 'pbx.lan', AMI_SECRET: 's' }).sipWebSocket).toEqual({
      kind: 'origin',
      origin: 'ws://pbx.lan:8088',
    });
    expect(httpConfigFor({ PBX_SIM_SIP_WS_PORT: '9088' }).sipWebSocket).toEqual({
      kind: 'simulator',
      port: 9088,
    });
    expect(parseEnv({ SIP_WS_URL: 'http://pbx.lan:8088/ws' })).toMatchObject({
      ok: false,
      errors: ['SIP_WS_URL: must be a ws:// or wss:// URL'],
    });
  });
});
