import { FakeApi, SeenRequest } from './fake-api';

/**
 * A fake AWS Query-protocol API (RDS, ElastiCache, STS): form-encoded `Action=...` requests,
 * answered with `<ActionResponse><ActionResult>…</ActionResult></ActionResponse>` XML built by
 * the test's handler per action. `actions(name)` gives the form of every call to one action.
 */
export class FakeAwsQuery extends FakeApi {
  constructor(
    private readonly xmlns: string,
    private readonly handlers: Record<string, (form: URLSearchParams) => string>,
  ) {
    super((req) => this.answer(req));
  }

  actions(name: string): URLSearchParams[] {
    return this.requests.map((q) => new URLSearchParams(q.body)).filter((f) => f.get('Action') === name);
  }

  private answer(req: SeenRequest) {
    const form = new URLSearchParams(req.body);
    const action = form.get('Action') ?? '';
    const handler = this.handlers[action];
    if (!handler) return undefined;
    return {
      headers: { 'Content-Type': 'text/xml' },
      body: `<${action}Response xmlns="${this.xmlns}"><${action}Result>${handler(form)}</${action}Result><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></${action}Response>`,
    };
  }
}

/** `<Name>value</Name>` for each entry (nested objects recurse; undefined is left out). */
export function xml(fields: Record<string, unknown>): string {
  return Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<${k}>${typeof v === 'object' && v !== null ? xml(v as Record<string, unknown>) : String(v)}</${k}>`)
    .join('');
}

/** A list as the Query protocol writes it: `<Wrapper><Member>…</Member>…</Wrapper>`. */
export function xmlList(wrapper: string, member: string, items: string[]): string {
  return `<${wrapper}>${items.map((i) => `<${member}>${i}</${member}>`).join('')}</${wrapper}>`;
}
