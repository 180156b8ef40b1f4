import { serviceRegistryKeys } from './keys';
import type { RedisClient } from './redis-client';
import { registerScripts, runScript } from './scripts';

/**
 * Which services `/services/` lists: those some scheduler had in its config within the key
 * retention (`aggregation.key_retention`), on Redis's clock. A service removed from the config
 * stays listed (with its aggregates) for the retention time, then leaves the list.
 */
export class ServiceRegistry {
  private readonly redis: RedisClient;

  constructor(
    redis: RedisClient,
    /** A function follows config reloads. */
    private readonly retention: number | (() => number),
  ) {
    this.redis = registerScripts(redis);
  }

  private retentionMs(): number {
    return typeof this.retention === 'function' ? this.retention() : this.retention;
  }

  /** The scheduler's services are configured now; services unconfigured for the retention are dropped. */
  async register(services: string[]): Promise<void> {
    await runScript(this.redis, 'registerServices', serviceRegistryKeys(), [this.retentionMs(), ...services]);
  }

  /** Services configured within the retention, sorted. */
  async list(): Promise<string[]> {
    return [...new Set(await runScript<string[]>(this.redis, 'listServices', serviceRegistryKeys(), [this.retentionMs()]))].sort();
  }

  async has(service: string): Promise<boolean> {
    return (await this.list()).includes(service);
  }
}
