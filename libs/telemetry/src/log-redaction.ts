/**
 * pino's redact paths for these headers on the logged request and response (Node lower-cases
 * header names; bracket notation because most contain a dash).
 */
export function logRedactPaths(headers: readonly string[]): string[] {
  return headers.flatMap((name) => {
    const key = JSON.stringify(name.toLowerCase());
    return [`req.headers[${key}]`, `res.headers[${key}]`];
  });
}
