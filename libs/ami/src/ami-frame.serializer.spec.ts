import { parseAmiTranscript } from './ami-frame.parser';
import { amiMessageToFields, AmiSerializeError, serializeAmi } from './ami-frame.serializer';
import { readAmiFixture } from './testing/ami-fixtures';

describe('serializeAmi', () => {
  it('writes CRLF header lines in field order and ends with a blank line', () => {
    expect(serializeAmi({ Action: 'QueuePause', Interface: 'PJSIP/1001', Paused: true, Penalty: 2 })).toBe(
      'Action: QueuePause\r\nInterface: PJSIP/1001\r\nPaused: true\r\nPenalty: 2\r\n\r\n',
    );
    expect(serializeAmi({ Action: 'QueuePause', Paused: false })).toBe(
      'Action: QueuePause\r\nPaused: false\r\n\r\n',
    );
  });

  it('writes one line per list element', () => {
    expect(serializeAmi({ Action: 'Originate', Variable: ['CUSTOMER_ID=42', 'LANG=fr'] })).toBe(
      'Action: Originate\r\nVariable: CUSTOMER_ID=42\r\nVariable: LANG=fr\r\n\r\n',
    );
  });

  it('keeps inner spaces and empty values', () => {
    expect(serializeAmi({ MemberName: 'Agent  1001 ', Reason: '' })).toBe(
      'MemberName: Agent  1001 \r\nReason: \r\n\r\n',
    );
  });

  it.each([
    [{ Action: 'Ping\r\nAction: Logoff' }],
    [{ Action: 'Ping', Reason: 'x\nSecret: y' }],
    [{ 'Bad\r\nName': 'x' }],
    [{ Variable: ['A=1', 'B=2\r\nAction: Logoff'] }],
    [{ 'Name: x': 'y' }],
    [{ '': 'y' }],
  ])('refuses a header that could inject another header: %j', (fields) => {
    expect(() => serializeAmi(fields)).toThrow(AmiSerializeError);
  });

  it('round-trips through the parser, repeated headers included', () => {
    const fields = {
      Action: 'Originate',
      Channel: 'Local/500@from-external',
      Variable: ['A=1', 'B=2'],
      Async: true,
    };
    const [item] = parseAmiTranscript(serializeAmi(fields), { expectBanner: false });
    expect(item).toEqual({
      kind: 'message',
      message: {
        Action: 'Originate',
        Channel: 'Local/500@from-external',
        Variable: 'A=1\nB=2',
        Async: 'true',
      },
    });
    if (item.kind !== 'message') throw new Error('expected a message');
    expect(serializeAmi(amiMessageToFields(item.message))).toBe(serializeAmi(fields));
  });

  it('re-serializes a whole fixture transcript byte for byte', () => {
    const raw = readAmiFixture('queue_call_answered.ami').toString('utf8');
    const items = parseAmiTranscript(raw);
    const rebuilt = items
      .map((item) =>
        item.kind === 'banner' ? `${item.banner}\r\n` : serializeAmi(amiMessageToFields(item.message)),
      )
      .join('');
    expect(rebuilt).toBe(raw);
  });
});
