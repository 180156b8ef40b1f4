import { Counter, Registry } from 'prom-client';
import { ExpiringSeries } from './expiring-series';

describe('ExpiringSeries', () => {
  it('forgets label sets that stopped moving, keeps the ones that move', async () => {
    const registry = new Registry();
    const counter = new Counter({ name: 'c', help: 'h', labelNames: ['target'], registers: [registry] });
    let now = 0;
    const series = new ExpiringSeries(counter, 1000, 60_000, () => now);
    series.inc({ target: 'old' }, 2);
    series.inc({ target: 'busy' }, 1);
    now = 900;
    series.inc({ target: 'busy' }, 1);
    now = 1500;
    expect(series.sweep()).toBe(1);
    expect((await counter.get()).values).toEqual([{ labels: { target: 'busy' }, value: 2 }]);
    expect(series.size).toBe(1);
    series.stop();
  });
});
