import type { BenchResults } from '../results';

type Row = [string, string, string, string];

/** B0–B6 as rows of: bench, what, measured, goal. */
export function resultRows(r: BenchResults): Row[] {
  const rows: Row[] = [];
  const n = (v: number | undefined, digits = 0) => (v === undefined || !Number.isFinite(v) ? '–' : v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
  const mbOf = (bytes: number) => `${n(bytes / 1024 / 1024, 2)} MB`;
  for (const [label, b0] of [
    ['throughput fleet', r.b0?.throughput_fleet],
    ['cycle fleet', r.b0?.cycle_fleet],
  ] as const) {
    if (b0)
      rows.push([
        'B0 fetch ceiling',
        `${label}: ${n(b0.instances)} payloads of ${mbOf(b0.payload_bytes)}, ${b0.concurrency} in flight, read only`,
        `${n(b0.payloads_per_s)} payloads/s, ${n(b0.mb_per_s)} MB/s (${n(b0.seconds, 2)} s per pass)`,
        'ceiling',
      ]);
  }
  if (r.b1)
    rows.push([
      'B1 merge ceiling',
      `Lua merge alone, ${n(r.b1.instances)} payloads × ${r.b1.keys} keys × ${r.b1.samples_per_key} samples, ${r.b1.pipelined} pipelined`,
      `${n(r.b1.aggregates_per_s)} aggregates/s (${n(r.b1.payloads_per_s)} payloads/s, ${n(r.b1.redis_us_per_merge)} µs in Redis each)`,
      'ceiling',
    ]);
  const cpu = (c: Record<string, number> | undefined) =>
    c ? `; CPU per target: scrapers ${n(c.scrapers, 1)} ms, Redis ${n(c.redis, 1)} ms, fleet ${n(c.fleet, 1)} ms, scheduler ${n(c.scheduler, 1)} ms` : '';
  if (r.b2)
    rows.push([
      'B2 end to end',
      `scheduler + ${r.b2.scrapers} scrapers, ${r.fleets.throughput}`,
      `${n(r.b2.targets_per_s)} targets/s, ${n(r.b2.aggregates_per_s)} aggregates/s = ${n(r.b2.ratio, 2)} × B1${r.b2.complete ? '' : ' (a cycle overran)'}${cpu(r.b2.cpu_ms_per_target)}`,
      r.b2.goal,
    ]);
  const e = r.efficiency;
  if (e) {
    rows.push([
      'Floor',
      `per payload of the throughput fleet: reader CPU (B0) + JSON.parse + Redis per merge (B1)`,
      `${n(e.floor_ms_per_target, 2)} ms (${n(e.parts.reader_ms, 2)} + ${n(e.parts.parse_ms, 2)} + ${n(e.parts.redis_ms, 2)})`,
      'floor',
    ]);
    rows.push([
      'Efficiency',
      `B2 pipeline CPU per target (scrapers + Redis + scheduler) / floor`,
      `${n(e.pipeline_ms_per_target, 2)} ms / ${n(e.floor_ms_per_target, 2)} ms = ${n(e.ratio, 2)}`,
      e.goal,
    ]);
  }
  if (r.b3)
    rows.push([
      'B3 cycle',
      `${r.fleets.cycle} (${mbOf(r.b3.payload_bytes)} payloads), 2 scrapers`,
      `${n(r.b3.cycle_s, 1)} s per cycle (cold ${n(r.b3.cold_cycle_s, 1)} s) = ${n(r.b3.ratio, 2)} × B0 (${n(r.b3.b0_s, 1)} s)${r.b3.complete ? '' : ' (incomplete)'}${cpu(r.b3.cpu_ms_per_target)}`,
      r.b3.goal,
    ]);
  if (r.b3?.peak_rss_mb) {
    const parts = Object.entries(r.b3.peak_rss_mb)
      .map(([name, mb]) => `${name} ${n(mb)}`)
      .join(', ');
    rows.push([
      'B3 memory',
      'peak RSS per process during B3 (cold and steady cycles); total: largest sum of Redis and the apps alive together (not the fleet)',
      `${n(r.b3.peak_rss_total_mb)} MB (${parts} MB)`,
      r.b3.rss_goal ?? '< 500 MB',
    ]);
  }
  if (r.b4) {
    const e = (x: { p50_ms: number; p99_ms: number; req_per_s: number; non_2xx: number }) =>
      `p50 ${n(x.p50_ms)} ms, p99 ${n(x.p99_ms)} ms, ${n(x.req_per_s)} req/s${x.non_2xx ? `, ${x.non_2xx} failed` : ''}`;
    rows.push(['B4 API list', `page of 50 summaries (sort=latest), ${n(r.b4.sizes.list_keys)} keys, ${r.b4.connections} connections`, e(r.b4.list), 'p99 < 50 ms']);
    rows.push(['B4 API detail', `one key with ${r.b4.sizes.detail_samples} samples`, e(r.b4.detail), 'p99 < 50 ms']);
    rows.push(['B4 API Periskop', `GET /services/:s/errors/, ${n(r.b4.sizes.periskop_keys)} keys × ${r.b4.sizes.periskop_samples_per_key} samples`, e(r.b4.periskop), 'report only']);
  }
  if (r.b5) {
    const sizes = r.b5.by_instances.map((s) => `${n(s.instances)}: ${n(s.mb, 1)} MB`).join(', ');
    rows.push(['B5 memory', `used_memory of one service (${r.b5.keys} keys × ${r.b5.samples_per_key} samples per instance)`, sizes, 'grows with targets only']);
    const churn = r.b5.churn_mb;
    rows.push([
      'B5 churn',
      `${churn.length} cycles, all instances restarted each cycle, expiry after ${r.b5.target_expiry_cycles}`,
      `${churn.map((v) => n(v, 1)).join(' → ')} MB; spread after expiry ${n(r.b5.churn_spread, 3)}`,
      r.b5.goal,
    ]);
  }
  for (const row of r.b6 ?? []) {
    rows.push([
      `B6 scaling`,
      `${row.scrapers} scraper${row.scrapers > 1 ? 's' : ''}, ${r.fleets.throughput}`,
      `${n(row.targets_per_s)} targets/s, ${n(row.aggregates_per_s)} aggregates/s = ${n(row.ratio_to_b1, 2)} × B1, ${n(row.ratio_to_one_scraper, 2)} × 1 scraper${row.complete ? '' : ' (a cycle overran)'}; machine CPU ${n(row.cpu_busy_share, 2)} of 2 cores${cpu(row.cpu_ms_per_target)}`,
      '–',
    ]);
  }
  const b6 = r.b6 ?? [];
  if (b6.length > 1)
    rows.push([
      'B6 ratios',
      `N scrapers' targets/s / 1 scraper's`,
      b6
        .slice(1)
        .map((row) => `${row.scrapers}: ${n(row.targets_per_s / b6[0].targets_per_s, 2)}`)
        .join(', '),
      '≥ 0.95',
    ]);
  const b8 = r.b8;
  if (b8) {
    const e = (x: { p50_ms: number; p99_ms: number; req_per_s: number; non_2xx: number }) =>
      `p50 ${n(x.p50_ms)} ms, p99 ${n(x.p99_ms)} ms, ${n(x.req_per_s)} req/s${x.non_2xx ? `, ${x.non_2xx} failed` : ''}`;
    for (const [label, ep] of [
      ['list', b8.list],
      ['detail', b8.detail],
    ] as const) {
      const live = ep.live.map((l) => `${n(l.rate)}/s (${n(l.changes_per_s)} achieved): ${e(l)}, p99 ${n(ep.p99_ratio[String(l.rate)], 2)} × quiet`).join('; ');
      rows.push([
        `B8 live ${label}`,
        `${label === 'list' ? `page of 50 (sort=latest), ${n(b8.list_keys)} keys` : 'one key with 100 samples'}, ${b8.connections} connections, a writer changing one key per merge`,
        `quiet: ${e(ep.quiet)}; ${live}`,
        b8.goal,
      ]);
    }
    const pk = b8.periskop;
    rows.push([
      'B8 live Periskop',
      `GET /services/:s/errors/, ${n(pk.keys)} keys × ${pk.samples_per_key} samples (${mbOf(pk.bytes)}, gzip ${n(pk.gzip_bytes / 1024)} KB), ${b8.connections} connections`,
      `identity: ${e(pk.identity)}; gzip: ${e(pk.gzip)}; gzip at ${n(pk.gzip_live.rate)} changes/s: ${e(pk.gzip_live)}`,
      '≥ 50 req/s',
    ]);
    if (b8.scale)
      rows.push([
        'B8 live scale',
        `the list page on ${n(b8.scale.keys)} keys, quiet and at ${n(b8.scale.live.rate)} changes/s`,
        `quiet: ${e(b8.scale.quiet)}; live: ${e(b8.scale.live)}; p99 ${n(b8.scale.p99_ratio_to_list, 2)} × ${n(b8.list_keys)} keys`,
        '≤ 2 × 10,000 keys',
      ]);
  }
  const b7 = r.b7;
  if (b7) {
    rows.push([
      'B7 steady fleet',
      `${n(b7.instances)} instances, ${n((1 - b7.changing_share) * 100)} % unchanged since their last scrape, 2 scrapers`,
      `pipeline CPU per unchanged target ${n(b7.pipeline_ms_per_unchanged_target, 2)} ms (all targets ${n(b7.pipeline_ms_per_target, 2)} ms) / fetch-only CPU ${n(b7.fetch_only_ms_per_payload, 2)} ms = ${n(b7.ratio, 2)}${b7.complete ? '' : ' (a cycle overran)'}${cpu(b7.cpu_ms_per_target)}`,
      b7.goal,
    ]);
  }
  const c = r.compare;
  if (c?.b1_before !== undefined)
    rows.push([
      'Hot path: merge',
      `B1 with the script and arguments of ${c.base_revision} → now`,
      `${n(c.b1_before as number)} → ${n(c.b1_after as number)} aggregates/s = ${n(c.b1_speedup as number, 2)}× (${n(c.b1_redis_us_before as number)} → ${n(c.b1_redis_us_after as number)} µs in Redis per merge)`,
      '–',
    ]);
  if (c?.b2_before !== undefined)
    rows.push([
      'Hot path: end to end',
      `B2 with scrapers built from ${c.base_revision} → now`,
      `${n(c.b2_before as number)} → ${n(c.b2_after as number)} aggregates/s = ${n(c.b2_speedup as number, 2)}× (cold cycle ${n(c.cold_cycle_before_s as number, 1)} → ${n(c.cold_cycle_after_s as number, 1)} s); CPU per target, scrapers + Redis: ${n(c.cpu_ms_per_target_before as number, 1)} → ${n(c.cpu_ms_per_target_after as number, 1)} ms = ${n(c.cpu_saving as number, 2)}× less`,
      '–',
    ]);
  const h = r.hot_path;
  if (h)
    rows.push([
      'Hot path: scraper',
      `per ${n(h.payload_bytes / 1024)} KB payload, in-process`,
      `parse ${n(h.parse_ms, 2)} ms, normalize ${h.normalize_before_ms === undefined ? '' : `${n(h.normalize_before_ms, 2)} → `}${n(h.normalize_ms, 2)} ms (parse included); merge sends ${n(h.merge_bytes_all_samples / 1024)} KB with every sample, ${n((h.merge_bytes_counts_only + h.merge_bytes_grown_keys) / 1024)} KB withheld`,
      '–',
    ]);
  return rows;
}

export function textTable(rows: Row[]): string {
  const header: Row = ['bench', 'what', 'measured', 'goal'];
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  const line = (r: Row) => r.map((cell, c) => cell.padEnd(widths[c])).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-+-'), ...rows.map(line)].join('\n');
}

export function markdownTable(rows: Row[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return ['| bench | what | measured | goal |', '| --- | --- | --- | --- |', ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}
