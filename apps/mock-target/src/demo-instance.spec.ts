import { DemoInstance } from './demo-instance';
import { DEMO_SERVICES } from './error-templates';

describe('DemoInstance (the demo fleet, reporting through periskop-node)', () => {
  it('counts every occurrence under one key per failure, whoever triggers it', () => {
    const instance = new DemoInstance(DEMO_SERVICES.checkout);
    instance.occur(20);
    (function fromElsewhere() {
      instance.occur(20);
    })();
    const aggregates = instance.collector.snapshot().aggregated_errors;
    expect(aggregates.map((a) => a.aggregation_key).sort()).toEqual(expect.arrayContaining([expect.stringMatching(/^PaymentGatewayError@[0-9a-f]+$/), 'checkout/inventory timeout @ eu-west/1']));
    expect(aggregates.length).toBeLessThanOrEqual(DEMO_SERVICES.checkout.length);
    expect(aggregates.reduce((sum, a) => sum + a.total_count, 0)).toBe(40);
  });

  it('reports causes, AggregateError members, messages, and redacts credentials', () => {
    const json = (service: keyof typeof DEMO_SERVICES) => {
      const instance = new DemoInstance(DEMO_SERVICES[service]);
      instance.occur(60);
      return instance.exporter.export();
    };
    const checkout = json('checkout');
    expect(checkout).toContain('"authorization":"[redacted]"');
    expect(checkout).not.toContain('demo-token');
    expect(json('payments')).toContain('"class":"DuplicateEntryError"');
    expect(json('payments')).toContain('"aggregation_key":"fraud-score-degraded"');
    expect(json('search')).toContain("missing facet 'colour'");
  });
});
