import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DynamicModule, InjectionToken, Module, Provider } from '@nestjs/common';
import { AggregateReader } from './aggregate-reader';
import { AggregateWriter } from './aggregate-writer';
import { ClusterIdentity } from './cluster-identity';
import { ConfigVersion } from './config-version';
import { CycleClaims } from './cycle-claims';
import { DiscoveredTargets } from './discovered-targets';
import { ErrorIndex } from './error-index';
import { REDIS_CLIENT, RedisClient } from './redis-client';
import { ResolutionLog } from './resolution-log';
import { Retention } from './retention';
import { ServiceRegistry } from './service-registry';
import { SharedFullList } from './shared-full-list';
import { WriteProbe } from './write-probe';

/** What the store needs from the app's settings; the app's platform hands it over. */
export interface StoreOptions {
  /** `aggregation.key_retention` now: read at every use, so a reload applies. */
  keyRetentionMs: () => number;
}

const STORE_OPTIONS = Symbol('STORE_OPTIONS');

/** One repository per store concern, each a class on the app's one connection. */
const REPOSITORIES = [
  AggregateWriter,
  AggregateReader,
  ErrorIndex,
  SharedFullList,
  Retention,
  ServiceRegistry,
  CycleClaims,
  DiscoveredTargets,
  ResolutionLog,
  ClusterIdentity,
  ConfigVersion,
  WriteProbe,
];

/**
 * The store as injected repositories: callers never hold the raw client. Needs a provider of
 * `REDIS_CLIENT` (the app's connection) in scope; it is global, as every app has one store.
 */
@Module({})
export class StoreModule {
  static forRoot(options: { inject?: InjectionToken[]; useFactory: (...args: never[]) => StoreOptions }): DynamicModule {
    const onClient = (build: (redis: RedisClient, options: StoreOptions) => unknown) => ({ inject: [REDIS_CLIENT, STORE_OPTIONS], useFactory: build });
    const providers: Provider[] = [
      { provide: STORE_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory as (...args: unknown[]) => StoreOptions },
      { provide: AggregateWriter, ...onClient((redis) => new AggregateWriter(redis)) },
      { provide: AggregateReader, ...onClient((redis) => new AggregateReader(redis)) },
      { provide: ErrorIndex, ...onClient((redis) => new ErrorIndex(redis)) },
      { provide: SharedFullList, ...onClient((redis) => new SharedFullList(redis)) },
      { provide: Retention, ...onClient((redis) => new Retention(redis)) },
      { provide: ServiceRegistry, ...onClient((redis, store) => new ServiceRegistry(redis, store.keyRetentionMs)) },
      // Claimants only need to differ between replicas; the name says which one won, in logs.
      { provide: CycleClaims, ...onClient((redis) => new CycleClaims(redis, `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`)) },
      { provide: DiscoveredTargets, ...onClient((redis) => new DiscoveredTargets(redis)) },
      // The resolution log keeps the retention the app started with.
      { provide: ResolutionLog, ...onClient((redis, store) => new ResolutionLog(redis, store.keyRetentionMs())) },
      { provide: ClusterIdentity, ...onClient((redis) => new ClusterIdentity(redis)) },
      { provide: ConfigVersion, ...onClient((redis) => new ConfigVersion(redis)) },
      { provide: WriteProbe, ...onClient((redis) => new WriteProbe(redis)) },
    ];
    return { module: StoreModule, global: true, providers, exports: REPOSITORIES };
  }
}
