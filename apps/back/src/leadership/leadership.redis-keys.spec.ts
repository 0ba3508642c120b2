import { INGESTION_LEASE, leaseKeys } from './leadership.redis-keys';

describe('leaseKeys', () => {
  it('keeps the ingestion lease on the keys earlier releases used', () => {
    expect(leaseKeys('cc:', INGESTION_LEASE)).toEqual({
      lease: 'cc:ingestion:lease',
      fencing: 'cc:ingestion:fencing',
    });
  });

  it('gives every other lease its own lease key and fencing counter', () => {
    expect(leaseKeys('cc:', 'dialer')).toEqual({
      lease: 'cc:lease:dialer',
      fencing: 'cc:lease:dialer:fencing',
    });
  });
});
