import type { ErrorDetail, HttpContext } from '@periskop/wire';

/** A kind of failure a demo service has, in the shape one of the official clients reports it. */
export interface ErrorTemplate {
  key: string;
  severity: 'error' | 'warning' | 'info';
  /** Relative frequency among the service's errors. */
  weight: number;
  error: ErrorDetail;
  http?: HttpContext;
}

const goTrace = (fn: string, file: string, line: number) => [`/app/${file}:${line}`, `\t${fn}: return nil, err`, `/app/main.go:42`, `\tmain.main: srv.ListenAndServe()`];
const jvmTrace = (cls: string) => [`${cls}.handle(${cls.split('.').pop()}.scala:87)`, 'akka.http.scaladsl.server.Directive.apply(Directive.scala:58)', 'scala.concurrent.Future.map(Future.scala:292)'];
const pyTrace = (fn: string) => ['Traceback (most recent call last):', `  File "/srv/app/${fn}.py", line 31, in ${fn}`, '    return client.get(url, timeout=2)', 'requests.exceptions.ReadTimeout: read timeout=2'];

export const DEMO_SERVICES: Record<string, ErrorTemplate[]> = {
  checkout: [
    {
      key: '*errors.errorString@8a1f3c2e',
      severity: 'error',
      weight: 5,
      error: { class: '*errors.errorString', message: 'payment gateway returned 502', stacktrace: goTrace('checkout.(*Handler).Pay', 'checkout/pay.go', 118), cause: null },
      http: {
        request_method: 'POST',
        request_url: 'https://shop.example.com/api/checkout/pay',
        request_headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'c0ffee-42' },
        request_body: '{"cart":"c-981","amount":4999,"currency":"EUR"}',
      },
    },
    {
      key: '*json.SyntaxError@51bd09aa',
      severity: 'warning',
      weight: 2,
      error: { class: '*json.SyntaxError', message: 'invalid character \'<\' looking for beginning of value', stacktrace: goTrace('checkout.decodeCart', 'checkout/cart.go', 57), cause: null },
      http: { request_method: 'PUT', request_url: 'https://shop.example.com/api/cart/c-981', request_headers: { Accept: '*/*' }, request_body: '<html>' },
    },
    {
      key: 'checkout/inventory timeout @ eu-west/1',
      severity: 'error',
      weight: 1,
      error: { class: 'context.deadlineExceededError', message: 'context deadline exceeded', stacktrace: goTrace('inventory.Reserve', 'inventory/client.go', 203), cause: null },
    },
  ],
  payments: [
    {
      key: 'java.lang.IllegalStateException@6d2e4f1',
      severity: 'error',
      weight: 4,
      error: {
        class: 'java.lang.IllegalStateException',
        message: 'ledger entry already settled',
        stacktrace: jvmTrace('com.example.payments.SettleRoute'),
        cause: {
          class: 'java.sql.SQLIntegrityConstraintViolationException',
          message: 'Duplicate entry \'tx-77\' for key \'PRIMARY\'',
          stacktrace: ['com.mysql.cj.jdbc.ClientPreparedStatement.executeUpdate(ClientPreparedStatement.java:1061)'],
          cause: null,
        },
      },
    },
    {
      key: 'fraud-score-degraded',
      severity: 'info',
      weight: 2,
      error: { class: '', message: 'fraud scoring fell back to rules engine', stacktrace: null, cause: null },
    },
    {
      key: 'java.lang.Run/ timeException@123',
      severity: 'warning',
      weight: 1,
      // Rendered as text by the dashboard: hostile content must never become markup.
      error: { class: 'java.lang.RuntimeException', message: 'card holder name <img src=x onerror=alert(1)>', stacktrace: jvmTrace('com.example.payments.Validate'), cause: null },
    },
  ],
  search: [
    {
      key: 'ReadTimeout@3f9a8b21',
      severity: 'error',
      weight: 3,
      error: { class: 'ReadTimeout', message: 'read timeout=2', stacktrace: pyTrace('query_index'), cause: null },
      http: { request_method: 'GET', request_url: 'https://shop.example.com/search?q=red+shoes', request_headers: { 'User-Agent': 'Mozilla/5.0' }, request_body: '' },
    },
    {
      key: 'KeyError@0f793ec8',
      severity: 'error',
      weight: 1,
      error: { class: 'KeyError', message: "'facets'", stacktrace: pyTrace('render_facets'), cause: null },
    },
  ],
};
