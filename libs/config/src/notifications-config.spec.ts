import { ConfigError, parseConfigText } from '@periskop/config';

const SERVICES = 'services: []\n';

function problemsOf(text: string): string[] {
  try {
    parseConfigText(text, 'test.yaml');
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.line}|${p.path.join('.')}|${p.reason}`);
    throw err;
  }
  return [];
}

describe('notifications config', () => {
  it("reads the issue's example", () => {
    const config = parseConfigText(`${SERVICES}notifications:
  external_url: https://periskop.example.com/
  receivers:
    - name: checkout-team
      slack: { webhook_url_file: /run/secrets/slack-checkout }
    - name: oncall
      webhook: { url: https://hooks.example.com/periskop, headers: { X-Source: periskop } }
    - name: alertmanager
      alertmanager: { url: http://alertmanager:9093 }
  routes:
    - match: { services: [checkout, payments], severities: [error] }
      events: [new, regression, spike]
      receiver: checkout-team
      repeat_interval: 1h
    - receiver: alertmanager
  spike: { window: 5m, factor: 10, min_count: 100 }
`);
    expect(config.notifications).toEqual({
      externalUrl: 'https://periskop.example.com',
      receivers: [
        { name: 'checkout-team', kind: 'slack', webhookUrl: null, webhookUrlFile: '/run/secrets/slack-checkout' },
        { name: 'oncall', kind: 'webhook', url: 'https://hooks.example.com/periskop', headers: { 'X-Source': 'periskop' } },
        { name: 'alertmanager', kind: 'alertmanager', url: 'http://alertmanager:9093' },
      ],
      routes: [
        { services: ['checkout', 'payments'], severities: ['error'], events: ['new', 'regression', 'spike'], receiver: 'checkout-team', repeatIntervalMs: 3_600_000 },
        { services: null, severities: null, events: ['new', 'regression', 'spike'], receiver: 'alertmanager', repeatIntervalMs: 4 * 3_600_000 },
      ],
      spike: { windowMs: 300_000, factor: 10, minCount: 100 },
    });
  });

  it('is empty without a notifications block', () => {
    expect(parseConfigText(SERVICES).notifications).toEqual({ externalUrl: 'http://localhost:8080', receivers: [], routes: [], spike: null });
  });

  it.each([
    ['an unknown key', 'notifications:\n  receivers:\n    - name: a\n      webhook: { url: http://h/x, method: PUT }\n', ['4|notifications.receivers.0.webhook.method|unknown key "method"']],
    [
      'a bad repeat_interval',
      'notifications:\n  receivers: [{ name: a, alertmanager: { url: http://am:9093 } }]\n  routes:\n    - receiver: a\n      repeat_interval: 1hour\n',
      [expect.stringMatching(/^5\|notifications\.routes\.0\.repeat_interval\|.*1hour/)],
    ],
    ['a bad spike window', 'notifications:\n  spike: { window: soon, factor: 10, min_count: 1 }\n', [expect.stringMatching(/^2\|notifications\.spike\.window\|/)]],
    [
      'a route to an unknown receiver',
      'notifications:\n  receivers: [{ name: a, alertmanager: { url: http://am:9093 } }]\n  routes:\n    - receiver: b\n',
      ['4|notifications.routes.0.receiver|unknown receiver "b" (receivers: "a")'],
    ],
    [
      'an unknown event',
      'notifications:\n  receivers: [{ name: a, alertmanager: { url: http://am:9093 } }]\n  routes:\n    - receiver: a\n      events: [new, resolved]\n',
      ['5|notifications.routes.0.events|each event must be one of new, regression, spike'],
    ],
    ['a receiver of no kind', 'notifications:\n  receivers:\n    - name: a\n', ['3|notifications.receivers.0|needs one of slack, webhook, alertmanager']],
    [
      'a receiver of two kinds',
      'notifications:\n  receivers:\n    - name: a\n      webhook: { url: http://h/x }\n      alertmanager: { url: http://am:9093 }\n',
      ['3|notifications.receivers.0|has webhook and alertmanager: use one receiver kind per receiver'],
    ],
    [
      'slack with both url and file',
      'notifications:\n  receivers:\n    - name: a\n      slack: { webhook_url: https://hooks.slack.com/x, webhook_url_file: /s }\n',
      ['4|notifications.receivers.0.slack|needs exactly one of webhook_url, webhook_url_file'],
    ],
    [
      'duplicate receiver names',
      'notifications:\n  receivers:\n    - { name: a, webhook: { url: http://h/x } }\n    - { name: a, webhook: { url: http://h/y } }\n',
      ['4|notifications.receivers.1.name|duplicate receiver name "a"'],
    ],
  ])('refuses %s with its path and line', (_name, text, expected) => {
    expect(problemsOf(SERVICES + text).map((p) => p.replace(/^(\d+)/, (n) => String(Number(n) - 1)))).toEqual(expected);
  });
});
