import { createPrivateKey, createSign, KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * OCI's request signature (draft-cavage-http-signatures-08, RSA-SHA256), as the OCI API
 * requires for API-key users: the key ID is `<tenancy>/<user>/<fingerprint>` and a GET signs
 * `date`, `(request-target)` and `host`. The private key stays in this object; only the
 * signature leaves it.
 */
export class OciRequestSigner {
  private key: KeyObject | null = null;

  constructor(
    private readonly keyId: string,
    private readonly keyFile: string,
    private readonly passphraseFile: string | null,
  ) {}

  /** The headers that make `GET url` an authenticated OCI request. */
  sign(url: string, now = new Date()): Record<string, string> {
    const target = new URL(url);
    const date = now.toUTCString();
    const host = target.host;
    const signing = [`date: ${date}`, `(request-target): get ${target.pathname}${target.search}`, `host: ${host}`].join('\n');
    const signature = createSign('RSA-SHA256').update(signing).sign(this.privateKey()).toString('base64');
    return {
      Date: date,
      Host: host,
      Authorization: `Signature version="1",keyId="${this.keyId}",algorithm="rsa-sha256",headers="date (request-target) host",signature="${signature}"`,
    };
  }

  private privateKey(): KeyObject {
    if (this.key) return this.key;
    let pem: string;
    try {
      pem = readFileSync(this.keyFile, 'utf8');
    } catch (err) {
      throw new Error(`oci key_file ${this.keyFile}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`);
    }
    const passphrase = this.passphraseFile ? readFileSync(this.passphraseFile, 'utf8').trim() : undefined;
    try {
      this.key = createPrivateKey({ key: pem, passphrase });
    } catch {
      // Node's message could quote key material in some versions; name only the file.
      throw new Error(`oci key_file ${this.keyFile} is not a PEM private key (or the passphrase is wrong)`);
    }
    return this.key;
  }
}
