import { extensionOfInterface, memberPushVerdict } from './member-push';

describe('memberPushVerdict', () => {
  it('applies a change Asterisk accepted', () => {
    expect(memberPushVerdict('add', { success: true, message: 'Added interface to queue' })).toEqual({
      kind: 'applied',
    });
  });

  it('saves an add that Asterisk already has, and a remove of a member Asterisk no longer has', () => {
    expect(
      memberPushVerdict('add', { success: false, message: 'Unable to add interface: Already there' }),
    ).toEqual({ kind: 'already' });
    expect(
      memberPushVerdict('remove', { success: false, message: 'Unable to remove interface: Not there' }),
    ).toEqual({ kind: 'already' });
  });

  it('tells a static member of queues.conf apart from other refusals', () => {
    expect(memberPushVerdict('remove', { success: false, message: 'Member not dynamic' })).toEqual({
      kind: 'static',
    });
    expect(
      memberPushVerdict('add', {
        success: false,
        message: 'Unable to add interface to queue: No such queue',
      }),
    ).toEqual({ kind: 'refused', message: 'Unable to add interface to queue: No such queue' });
    expect(
      memberPushVerdict('penalty', { success: false, message: 'Invalid interface, queuename or penalty' }),
    ).toEqual({ kind: 'refused', message: 'Invalid interface, queuename or penalty' });
  });
});

describe('extensionOfInterface', () => {
  it('takes the resource of a PJSIP or Local interface', () => {
    expect(extensionOfInterface('PJSIP/1005')).toBe('1005');
    expect(extensionOfInterface('Local/1005@agents/n')).toBe('1005');
  });
});
