import type { ErrorCollector, RequestLike, Severity } from '@periskop/client';

/**
 * A kind of failure a demo service has: real errors thrown by `fail` and reported through
 * periskop-node, as an instrumented Node.js service would.
 */
export interface ErrorTemplate {
  name: string;
  severity: Severity;
  /** Relative frequency among the service's errors. */
  weight: number;
  /** A custom aggregation key (the client's `key` option); otherwise the client computes one. */
  key?: string;
  /** Throws the failure; `message` templates report a message instead (reportMessage). */
  fail?: () => never;
  message?: string;
  /** The request being served when it happened (credentials are redacted by the client). */
  request?: RequestLike;
}

class PaymentGatewayError extends Error {}
class DeadlineExceededError extends Error {}
class LedgerError extends Error {}
class DuplicateEntryError extends Error {}
class ValidationError extends Error {}
class ReadTimeoutError extends Error {}
class FacetError extends Error {}

export const DEMO_SERVICES: Record<string, ErrorTemplate[]> = {
  checkout: [
    {
      name: 'gateway-502',
      severity: 'error',
      weight: 5,
      fail: () => {
        throw new PaymentGatewayError('payment gateway returned 502');
      },
      request: {
        method: 'POST',
        url: 'https://shop.example.com/api/checkout/pay',
        headers: { 'content-type': 'application/json', 'x-request-id': 'c0ffee-42', authorization: 'Bearer demo-token' },
        body: { cart: 'c-981', amount: 4999, currency: 'EUR' },
      },
    },
    {
      name: 'cart-json',
      severity: 'warning',
      weight: 2,
      fail: () => JSON.parse('<html>') as never,
      request: { method: 'PUT', url: 'https://shop.example.com/api/cart/c-981', headers: { accept: '*/*', cookie: 'session=demo' }, body: '<html>' },
    },
    {
      name: 'inventory-timeout',
      key: 'checkout/inventory timeout @ eu-west/1',
      severity: 'error',
      weight: 1,
      fail: () => {
        throw new DeadlineExceededError('context deadline exceeded');
      },
    },
  ],
  payments: [
    {
      name: 'ledger-settled',
      severity: 'error',
      weight: 4,
      fail: () => {
        throw new LedgerError('ledger entry already settled', { cause: new DuplicateEntryError("Duplicate entry 'tx-77' for key 'PRIMARY'") });
      },
    },
    { name: 'fraud-score', key: 'fraud-score-degraded', severity: 'info', weight: 2, message: 'fraud scoring fell back to rules engine' },
    {
      name: 'hostile-key',
      key: 'java.lang.Run/ timeException@123',
      severity: 'warning',
      weight: 1,
      // Rendered as text by the dashboard: hostile content must never become markup.
      fail: () => {
        throw new ValidationError('card holder name <img src=x onerror=alert(1)>');
      },
    },
  ],
  search: [
    {
      name: 'read-timeout',
      severity: 'error',
      weight: 3,
      fail: () => {
        throw new ReadTimeoutError('read timeout=2');
      },
      request: { method: 'GET', url: 'https://shop.example.com/search?q=red+shoes', headers: { 'user-agent': 'Mozilla/5.0' } },
    },
    {
      name: 'facets',
      severity: 'error',
      weight: 1,
      fail: () => {
        throw new AggregateError([new FacetError("missing facet 'size'"), new FacetError("missing facet 'colour'")], 'facets could not be rendered');
      },
    },
  ],
};

/** Makes the template's failure happen and reports it. */
export function happen(template: ErrorTemplate, collector: ErrorCollector): void {
  if (template.message !== undefined) {
    collector.reportMessage(template.key ?? template.name, template.message, template.severity);
    return;
  }
  try {
    template.fail!();
  } catch (err) {
    collector.report(err, { severity: template.severity, key: template.key, httpContext: template.request });
  }
}
