import { FakeApi } from './fake-api';

/**
 * A fake AWS STS (Query protocol): `Action=AssumeRole` answers temporary credentials
 * (`ASIAFAKEROLE` / `role-secret` / `role-session-token`) in STS's XML. The request is kept, so
 * a test can see which role was assumed and which key signed the call.
 */
export class FakeSts extends FakeApi {
  static readonly ACCESS_KEY_ID = 'ASIAFAKEROLE';

  constructor() {
    super((req) => {
      if (new URLSearchParams(req.body).get('Action') !== 'AssumeRole') return undefined;
      return {
        headers: { 'Content-Type': 'text/xml' },
        body:
          '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>' +
          `<Credentials><AccessKeyId>${FakeSts.ACCESS_KEY_ID}</AccessKeyId><SecretAccessKey>role-secret</SecretAccessKey><SessionToken>role-session-token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>` +
          '<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/periskop/s</Arn><AssumedRoleId>AROAFAKE:s</AssumedRoleId></AssumedRoleUser>' +
          '</AssumeRoleResult><ResponseMetadata><RequestId>sts-1</RequestId></ResponseMetadata></AssumeRoleResponse>',
      };
    });
  }

  /** The AssumeRole calls seen, as their form parameters. */
  assumeRoleCalls(): URLSearchParams[] {
    return this.requests.map((q) => new URLSearchParams(q.body)).filter((f) => f.get('Action') === 'AssumeRole');
  }
}
