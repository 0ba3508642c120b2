import { BusNames, buildBusTopology } from './bus-topology';

describe('buildBusTopology', () => {
  it('puts the prefix before every exchange and queue, including the dead-letter exchange argument', () => {
    const topology = buildBusTopology(new BusNames('t1.'), [1000]);
    expect(topology.exchanges.map((exchange) => exchange.name)).toEqual([
      't1.vss.events',
      't1.vss.commands',
      't1.vss.rpc',
    ]);
    expect(topology.queues.find((queue) => queue.name === 't1.vss.gacs.commands')?.arguments).toEqual({
      'x-dead-letter-exchange': 't1.vss.events',
      'x-dead-letter-routing-key': 'command.failed',
    });
    expect(topology.bindings).toContainEqual({
      queue: 't1.vss.failed.commands',
      exchange: 't1.vss.events',
      routingKey: 'command.failed',
    });
  });

  it('declares one retry queue per consumed queue and delay, each sending back to its queue', () => {
    const topology = buildBusTopology(new BusNames(''), [1000, 5000]);
    const retry = topology.queues.filter((queue) => queue.name.includes('.retry.'));
    expect(retry.map((queue) => queue.name)).toEqual([
      'vss.call.events.retry.1000ms',
      'vss.call.events.retry.5000ms',
      'vss.system.alerts.retry.1000ms',
      'vss.system.alerts.retry.5000ms',
      'vss.autodial.leads.retry.1000ms',
      'vss.autodial.leads.retry.5000ms',
    ]);
    expect(retry[1].arguments).toEqual({
      'x-message-ttl': 5000,
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': 'vss.call.events',
    });
  });
});
