import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../free-port';

/** test/harness/oidc/oidc-provider.mjs as a child process, stopped by `stop()`. */
export class OidcProviderProcess {
  private constructor(
    readonly issuer: string,
    private readonly child: ChildProcess,
  ) {}

  static async start(options: { clientId: string; clientSecret: string; redirectUris: string[]; accounts: Record<string, string[]> }): Promise<OidcProviderProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, [join(__dirname, 'oidc-provider.mjs')], {
      env: {
        ...process.env,
        OIDC_PORT: String(port),
        OIDC_CLIENT_ID: options.clientId,
        OIDC_CLIENT_SECRET: options.clientSecret,
        OIDC_REDIRECT_URIS: options.redirectUris.join(','),
        OIDC_ACCOUNTS: JSON.stringify(options.accounts),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const issuer = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`oidc-provider did not start:\n${output}`)), 15_000);
      child.stderr!.on('data', (d) => (output += d.toString()));
      child.stdout!.on('data', (d) => {
        output += d.toString();
        const ready = /^ready (\S+)$/m.exec(output);
        if (ready) {
          clearTimeout(timer);
          resolve(ready[1]);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`oidc-provider exited with ${code}:\n${output}`));
      });
    });
    return new OidcProviderProcess(issuer, child);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    await exited;
  }
}
