// The image's HEALTHCHECK: GET /-/health of whichever app this container runs, on the port it
// listens on. One image runs every app, so the app is read from the container's command line.
const { readFileSync } = require('node:fs');

/** Each app's default port (its main.ts), when neither --port nor PORT says otherwise. */
const DEFAULT_PORTS = { api: 8080, scheduler: 8081, scraper: 8082, 'mock-target': 7777 };

/** The port to probe, from the app's arguments and environment, as the app itself chooses it. */
function healthPort(argv, env) {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--port' || argv[i] === '-port') return Number(argv[i + 1]);
    const inline = /^--?port=(\d+)$/.exec(argv[i]);
    if (inline) return Number(inline[1]);
  }
  const app = argv.map((arg) => /dist\/apps\/([a-z-]+)\/main\.js$/.exec(arg)?.[1]).find(Boolean);
  if (app === 'mock-target') return Number((env.MOCK_PORTS ?? '7777').split(',')[0]);
  if (env.PORT) return Number(env.PORT);
  return DEFAULT_PORTS[app] ?? DEFAULT_PORTS.api;
}

function containerCommand() {
  try {
    // PID 1 is the app, or an init (docker --init) whose arguments hold the app's command.
    return readFileSync('/proc/1/cmdline', 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

if (require.main === module) {
  const port = healthPort(containerCommand(), process.env);
  fetch(`http://127.0.0.1:${port}/-/health`, { signal: AbortSignal.timeout(2500) }).then(
    (res) => process.exit(res.ok ? 0 : 1),
    () => process.exit(1),
  );
}

module.exports = { healthPort, DEFAULT_PORTS };
