import { resolvePushSettings } from './push-settings';

describe('resolvePushSettings', () => {
  it('has defaults for every setting', () => {
    expect(resolvePushSettings({})).toEqual({ jobIdleMs: 3_600_000, keyIdleMs: 7 * 86_400_000, samplesPerKey: 10, maxBodyBytes: 4 * 1024 * 1024, rateLimit: 600, rateWindowMs: 60_000, namespace: '' });
  });

  it('reads Prometheus durations and integers from the environment', () => {
    const settings = resolvePushSettings({ PUSH_JOB_IDLE: '15m', PUSH_KEY_IDLE: '1d', PUSH_MAX_BODY_BYTES: '1024', PUSH_RATE_LIMIT: '5', PUSH_RATE_WINDOW: '10s', PUSH_NAMESPACE: 'eu-1' });
    expect(settings).toMatchObject({ jobIdleMs: 900_000, keyIdleMs: 86_400_000, maxBodyBytes: 1024, rateLimit: 5, rateWindowMs: 10_000, namespace: 'eu-1' });
  });

  it('names the variable and the value it refuses', () => {
    expect(() => resolvePushSettings({ PUSH_JOB_IDLE: 'soon' })).toThrow('invalid PUSH_JOB_IDLE="soon"');
    expect(() => resolvePushSettings({ PUSH_RATE_LIMIT: '-1' })).toThrow('invalid PUSH_RATE_LIMIT="-1": use a positive integer');
    expect(() => resolvePushSettings({ PUSH_NAMESPACE: 'a}b' })).toThrow('invalid PUSH_NAMESPACE="a}b"');
  });
});
