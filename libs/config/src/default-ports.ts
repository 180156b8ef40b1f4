/**
 * Each app's default HTTP port (`--port`/`PORT` win). The API keeps Periskop's 8080; the
 * scheduler and scraper serve only `/metrics`, `/-/health`, `/-/ready` and `/errors`, and sit
 * next to it on 8081/8082 — away from the Prometheus ecosystem's defaults (9090 Prometheus, 9091
 * Pushgateway, 9093/9094 Alertmanager, 9100+ exporters), so all of them fit on one host or pod
 * network without flags. The README's ports table lists the same numbers.
 */
export const DEFAULT_PORTS = {
  api: 8080,
  scheduler: 8081,
  scraper: 8082,
} as const;
