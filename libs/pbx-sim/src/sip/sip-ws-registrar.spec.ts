import { asteriskContactUri } from './sip-ws-registrar';

describe('Asterisk WS contact URI', () => {
  it('builds the Asterisk contact URI keeping the original host and port', () => {
    expect(
      asteriskContactUri('sip:abc@host.invalid:5070;transport=ws', {
        remoteIp: '127.0.0.1',
        remotePort: 40123,
      }),
    ).toBe('sip:abc@127.0.0.1:40123;transport=WS;x-ast-orig-host=host.invalid:5070');
  });
});
