import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiAggregate, TargetsView } from '@periskop/wire';
import { eventually, FakeTarget, freePort, getJson, OidcProviderProcess, PeriskopSystem } from '@periskop/test-harness';
import { LabelsTargets } from './labels-seed';
import { checkoutPayload, INVENTORY_KEYS, inventoryPayload, PAYMENT_KEYS, paymentsPayload } from './seed';

const OIDC_CLIENT_SECRET = 'browser-test-client-secret';

/** A notification receiver on loopback that answers every delivery with one status. */
class Receiver {
  private constructor(private readonly server: Server) {}

  static async start(status: number): Promise<Receiver> {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(status).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new Receiver(server);
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function serviceYaml(name: string, targets: string[]): string {
  return `  - name: ${name}\n    static_configs:\n      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]\n    scraper:\n      endpoint: /errors\n      refresh_interval: 1s\n`;
}

/**
 * Deliveries for payments (the first matching route sends): its error goes to a receiver that
 * answers 503 (a failed delivery), the other severities to one that takes them.
 */
function notificationsYaml(sent: Receiver, failing: Receiver): string {
  return [
    'notifications:',
    '  external_url: http://periskop.test',
    '  receivers:',
    `    - { name: payments-team, webhook: { url: '${sent.url}' } }`,
    `    - { name: payments-pager, webhook: { url: '${failing.url}' } }`,
    '  routes:',
    '    - { match: { services: [payments], severities: [error] }, events: [new], receiver: payments-pager }',
    '    - { match: { services: [payments] }, events: [new, regression], receiver: payments-team }',
    '',
  ].join('\n');
}

/** Anonymous visitors read; developers, signed in at a real OpenID provider, resolve. */
function authYaml(issuer: string): string {
  return [
    'auth:',
    '  anonymous: viewer',
    '  oidc:',
    `    issuer: ${issuer}`,
    '    client_id: periskop',
    '    client_secret_file: oidc-secret',
    '    scopes: [openid, profile, groups]',
    '    roles: { resolver: [developers] }',
    '  session:',
    '    secret_env: PERISKOP_SESSION_SECRET',
    '',
  ].join('\n');
}

/**
 * Periskop with the dashboard, seeded through scrape → merge: a private redis-server, the built
 * API, scheduler and scraper, loopback targets (one of them down, two of them labeled with a
 * version), notification receivers and an OpenID provider. `live.count` is the live key's count, which its target reports.
 */
export class SeededSystem {
  readonly live = { count: 3 };

  private constructor(
    readonly system: PeriskopSystem,
    readonly issuer: string,
    /** A target address nothing listens on: connection refused. */
    readonly downAddress: string,
    private readonly checkout: FakeTarget,
    private readonly closeables: { close(): Promise<void> }[],
    private readonly provider: OidcProviderProcess,
  ) {}

  /** The API's origin, which also serves the dashboard. */
  get base(): string {
    return this.system.api.url;
  }

  static async start(options: { echo?: boolean } = {}): Promise<SeededSystem> {
    const [checkout, inventory, payments] = await Promise.all([FakeTarget.start(), FakeTarget.start(), FakeTarget.start()]);
    checkout.serve(checkoutPayload(3));
    inventory.serve(inventoryPayload());
    payments.serve(paymentsPayload());
    const [sent, failing, labels] = await Promise.all([Receiver.start(200), Receiver.start(503), LabelsTargets.start()]);
    const closeables = [checkout, inventory, payments, sent, failing, labels];
    const downAddress = `127.0.0.1:${await freePort()}`;
    const apiPort = await freePort();
    const provider = await OidcProviderProcess.start({
      clientId: 'periskop',
      clientSecret: OIDC_CLIENT_SECRET,
      redirectUris: [`http://127.0.0.1:${apiPort}/auth/callback`],
      accounts: { alice: ['developers'] },
    });
    try {
      const config =
        labels.aggregationYaml() +
        `services:\n${serviceYaml('checkout', [checkout.address, downAddress])}${serviceYaml('inventory', [inventory.address])}${serviceYaml('payments', [payments.address])}` +
        labels.serviceYaml() +
        notificationsYaml(sent, failing) +
        authYaml(provider.issuer);
      const system = await PeriskopSystem.start({
        config,
        files: { 'oidc-secret': `${OIDC_CLIENT_SECRET}\n` },
        env: { PERISKOP_SESSION_SECRET: 'browser-test-session-secret-0123456789' },
        ports: { api: apiPort },
        appOptions: { echo: options.echo },
      });
      const seeded = new SeededSystem(system, provider.issuer, downAddress, checkout, closeables, provider);
      const seed = async () => {
        await seeded.waitForFirstScrapes();
        await labels.seed(seeded.base);
      };
      await seed().catch(async (err) => {
        await seeded.stop();
        throw new Error(`${(err as Error).message}\n${system.tails()}`);
      });
      return seeded;
    } catch (err) {
      await provider.stop();
      await Promise.all(closeables.map((c) => c.close()));
      throw err;
    }
  }

  /** Raises the live key's count by `by`, as its target reports it from the next scrape on. */
  addLive(by: number): number {
    this.live.count += by;
    this.checkout.serve(checkoutPayload(this.live.count));
    return this.live.count;
  }

  async getJson<T>(path: string): Promise<T> {
    return getJson<T>(`${this.base}${path}`);
  }

  /** Every service merged and the down target known. */
  private async waitForFirstScrapes(): Promise<void> {
    await eventually(
      async () => {
        const [inventory, checkout, payments, targets] = await Promise.all([
          this.getJson<ApiAggregate[]>('/services/inventory/errors/'),
          this.getJson<ApiAggregate[]>('/services/checkout/errors/'),
          this.getJson<ApiAggregate[]>('/services/payments/errors/'),
          this.getJson<TargetsView>('/api/targets'),
        ]);
        const down = (targets.checkout ?? []).find((t) => t.endpoint.startsWith(this.downAddress));
        const ready = inventory.length === INVENTORY_KEYS && checkout.length === 3 && payments.length === PAYMENT_KEYS.length && down?.health.status === 'down';
        return ready ? true : undefined;
      },
      60_000,
      'the first scrapes to be merged',
      250,
    );
  }

  async stop(): Promise<void> {
    await this.system.stop();
    await this.provider.stop();
    await Promise.all(this.closeables.map((c) => c.close()));
  }
}
