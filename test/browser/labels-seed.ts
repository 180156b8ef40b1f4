import type { ApiAggregate, WirePayload } from '@periskop/wire';
import { aggregate, eventually, FakeTarget, getJson, occurrence } from '@periskop/test-harness';

/**
 * Labels: the label filter chips and the breakdown panel (aggregation.breakdown_labels). Their
 * own service, two targets with `version` 1.0 and 2.0, and their seed.
 */
export const LABELS_SERVICE = 'storefront';
export const LABELS_KEY = 'CartError@storefront/add item';
/** Reported only by the 2.0 target: a filter on 1.0 leaves it out. */
export const LABELS_V2_KEY = 'PriceError@storefront/v2 pricing';
export const LABELS_COUNTS = { v1: 3, v2: 7, v2Only: 4 };

function labelsPayload(uuid: string, aggregates: [key: string, count: number, msAgo: number][]): WirePayload {
  return {
    target_uuid: uuid,
    aggregated_errors: aggregates.map(([key, count, msAgo]) =>
      aggregate(
        key,
        count,
        [
          occurrence(`${uuid}-${key.length}-${count}`, new Date(Date.now() - msAgo), {
            error: { class: key.split('@')[0], message: `${key} on ${uuid}`, stacktrace: ['at add (cart.js:7)'], cause: null },
          }),
        ],
        { created_at: new Date(Date.now() - 900_000).toISOString() },
      ),
    ),
  };
}

/** The storefront's two targets. The 2.0 one reports nothing until the 1.0 one is merged: the key is first seen in 1.0. */
export class LabelsTargets {
  private constructor(
    readonly v1: FakeTarget,
    readonly v2: FakeTarget,
  ) {}

  static async start(): Promise<LabelsTargets> {
    const [v1, v2] = await Promise.all([FakeTarget.start(), FakeTarget.start()]);
    v1.serve(labelsPayload('storefront-v1', [[LABELS_KEY, LABELS_COUNTS.v1, 40_000]]));
    v2.serve(labelsPayload('storefront-v2', []));
    return new LabelsTargets(v1, v2);
  }

  /** The top-level aggregation block of the config. */
  aggregationYaml(): string {
    return 'aggregation:\n  breakdown_labels: [version]\n';
  }

  /** The service, with a version label per target. */
  serviceYaml(): string {
    return (
      `  - name: ${LABELS_SERVICE}\n    static_configs:\n      - targets: ['${this.v1.address}']\n        labels: { version: "1.0" }\n` +
      `      - targets: ['${this.v2.address}']\n        labels: { version: "2.0" }\n    scraper:\n      endpoint: /errors\n      refresh_interval: 1s\n`
    );
  }

  /** Waits for the 1.0 target's merge, then lets the 2.0 one report and waits for that too. */
  async seed(api: string): Promise<void> {
    const count = async (key: string) => (await getJson<ApiAggregate[]>(`${api}/services/${LABELS_SERVICE}/errors/`)).find((a) => a.aggregation_key === key)?.total_count;
    await eventually(async () => ((await count(LABELS_KEY)) === LABELS_COUNTS.v1 ? true : undefined), 60_000, 'the 1.0 target to be merged', 250);
    this.v2.serve(
      labelsPayload('storefront-v2', [
        [LABELS_KEY, LABELS_COUNTS.v2, 10_000],
        [LABELS_V2_KEY, LABELS_COUNTS.v2Only, 15_000],
      ]),
    );
    await eventually(
      async () => ((await count(LABELS_KEY)) === LABELS_COUNTS.v1 + LABELS_COUNTS.v2 && (await count(LABELS_V2_KEY)) === LABELS_COUNTS.v2Only ? true : undefined),
      60_000,
      'the 2.0 target to be merged',
      250,
    );
  }

  async close(): Promise<void> {
    await Promise.all([this.v1.close(), this.v2.close()]);
  }
}
