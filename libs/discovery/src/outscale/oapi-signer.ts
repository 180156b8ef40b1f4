import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';

/**
 * The OUTSCALE API authenticates requests with AWS Signature Version 4 under its own service
 * name, `oapi` (what Outscale's SDKs sign with); the AWS SDK's signer does the work.
 * Returns the headers to send: `Host`, `Content-Type`, `X-Amz-Date`,
 * `X-Amz-Content-Sha256` and `Authorization`.
 */
export async function signOapiRequest(url: string, body: string, region: string, accessKeyId: string, secretAccessKey: string, now = new Date()): Promise<Record<string, string>> {
  const target = new URL(url);
  const signer = new SignatureV4({ service: OAPI_SERVICE, region, credentials: { accessKeyId, secretAccessKey }, sha256: Hash.bind(null, 'sha256') });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port ? Number(target.port) : undefined,
      path: target.pathname,
      query: {},
      headers: { host: target.host, 'content-type': 'application/json' },
      body,
    },
    { signingDate: now },
  );
  return signed.headers as Record<string, string>;
}

export const OAPI_SERVICE = 'oapi';
