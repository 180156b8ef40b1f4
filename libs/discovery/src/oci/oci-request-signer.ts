import { createHash, createPrivateKey, createSign, KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** A key OCI knows by `keyId`: an API key (`<tenancy>/<user>/<fingerprint>`) or a session (`ST$<token>`). */
export interface OciSigningKey {
  keyId: string;
  key: KeyObject;
}

/**
 * OCI's request signature (draft-cavage-http-signatures-08, RSA-SHA256), as the OCI API
 * requires: a GET signs `date`, `(request-target)` and `host`; a request with a body also
 * `content-length`, `content-type` and `x-content-sha256`. Only the signature leaves here.
 */
export function signOciRequest(signing: OciSigningKey, method: 'GET' | 'POST', url: string, body?: string, now = new Date()): Record<string, string> {
  const target = new URL(url);
  const headers: Record<string, string> = { Date: now.toUTCString(), Host: target.host };
  const lines = [`date: ${headers.Date}`, `(request-target): ${method.toLowerCase()} ${target.pathname}${target.search}`, `host: ${headers.Host}`];
  const names = ['date', '(request-target)', 'host'];
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(body));
    headers['x-content-sha256'] = createHash('sha256').update(body).digest('base64');
    lines.push(`content-length: ${headers['Content-Length']}`, `content-type: ${headers['Content-Type']}`, `x-content-sha256: ${headers['x-content-sha256']}`);
    names.push('content-length', 'content-type', 'x-content-sha256');
  }
  const signature = createSign('RSA-SHA256').update(lines.join('\n')).sign(signing.key).toString('base64');
  headers.Authorization = `Signature version="1",keyId="${signing.keyId}",algorithm="rsa-sha256",headers="${names.join(' ')}",signature="${signature}"`;
  return headers;
}

/** An API key's private key, read once from `key_file` (decrypted with the passphrase file when set). */
export function loadApiKey(keyFile: string, passphraseFile: string | null): KeyObject {
  let pem: string;
  try {
    pem = readFileSync(keyFile, 'utf8');
  } catch (err) {
    throw new Error(`oci key_file ${keyFile}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
  const passphrase = passphraseFile ? readFileSync(passphraseFile, 'utf8').trim() : undefined;
  try {
    return createPrivateKey({ key: pem, passphrase });
  } catch {
    // Node's message could quote key material in some versions; name only the file.
    throw new Error(`oci key_file ${keyFile} is not a PEM private key (or the passphrase is wrong)`);
  }
}
