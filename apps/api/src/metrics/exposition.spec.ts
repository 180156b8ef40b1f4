import { escapeLabel, renderInstances, renderOccurrences } from './exposition';

describe('shared-state exposition', () => {
  it('renders one series per target_uuid (or URL) and key, with the key severity; instances sharing a uuid added up', () => {
    const text = renderOccurrences([
      {
        service: 'svc',
        severities: new Map([
          ['db@1', 'error'],
          ['http@2', 'warning'],
        ]),
        targets: [
          { targetId: 'uuid-shared@10.0.0.1:80', address: '10.0.0.1:80', counts: { 'db@1': 3 } },
          { targetId: 'uuid-shared@10.0.0.3:80', address: '10.0.0.3:80', counts: { 'db@1': 2, 'http@2': 7 } },
          { targetId: 'http://10.0.0.2:80/errors', address: null, counts: { 'db@1': 1 } },
        ],
      },
    ]);
    expect(text.split('\n')).toEqual([
      expect.stringMatching(/^# HELP periskop_error_occurrences /),
      '# TYPE periskop_error_occurrences counter',
      'periskop_error_occurrences{service_name="svc",severity="error",target="uuid-shared",aggregation_key="db@1"} 5',
      'periskop_error_occurrences{service_name="svc",severity="warning",target="uuid-shared",aggregation_key="http@2"} 7',
      'periskop_error_occurrences{service_name="svc",severity="error",target="http://10.0.0.2:80/errors",aggregation_key="db@1"} 1',
      '',
    ]);
  });

  it('renders the discovered targets per service', () => {
    expect(
      renderInstances([
        { service: 'a', targets: 3 },
        { service: 'b', targets: 0 },
      ]),
    ).toContain('periskop_instances_scrapped{service_name="a"} 3\nperiskop_instances_scrapped{service_name="b"} 0\n');
  });

  it('escapes backslashes, quotes and line feeds in label values', () => {
    expect(escapeLabel('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
  });
});
