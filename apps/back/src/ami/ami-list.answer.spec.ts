import { AmiActionError, AmiTimeoutError, type AmiMessage } from '@cc/ami';
import { isEmptyListAnswer, listAnswerOf } from './ami-list.answer';

const keep = (frame: AmiMessage) => frame;
const error = (message: string) =>
  new AmiActionError(message, { Response: 'Error', ActionID: 'a-1', Message: message });

describe('listAnswerOf', () => {
  it('returns the items without the closing Complete event', async () => {
    const events: AmiMessage[] = [
      { Event: 'QueueParams', Queue: 'sales' },
      { Event: 'QueueStatusComplete', EventList: 'Complete' },
    ];
    const answer = await listAnswerOf(
      'QueueStatus',
      async () => ({ response: { Response: 'Success', EventList: 'start' }, events }),
      keep,
    );
    expect(answer).toEqual({ ok: true, items: [{ Event: 'QueueParams', Queue: 'sales' }] });
  });

  it("counts PJSIPShowContacts' No Contacts found as an empty list, as a fresh Asterisk 22 answers it", async () => {
    const answer = await listAnswerOf(
      'PJSIPShowContacts',
      () => Promise.reject(error('No Contacts found')),
      keep,
    );
    expect(answer).toEqual({ ok: true, items: [] });
  });

  it('reports any other Error answer, and rejects on a timeout', async () => {
    await expect(
      listAnswerOf('CoreShowChannels', () => Promise.reject(error('Permission denied')), keep),
    ).resolves.toEqual({ ok: false, message: 'Permission denied' });
    await expect(
      listAnswerOf('QueueStatus', () => Promise.reject(new AmiTimeoutError('a-1', 'QueueStatus', 10)), keep),
    ).rejects.toBeInstanceOf(AmiTimeoutError);
  });
});

describe('isEmptyListAnswer', () => {
  it('knows only the lists whose "nothing to list" is an Error', () => {
    expect(isEmptyListAnswer('PJSIPShowContacts', 'No Contacts found')).toBe(true);
    expect(isEmptyListAnswer('PJSIPShowContacts', 'Permission denied')).toBe(false);
    expect(isEmptyListAnswer('QueueStatus', 'No Contacts found')).toBe(false);
  });
});
