import { TargetIdHints } from './target-id-hints';

describe('TargetIdHints', () => {
  it('remembers the last identity per service and address', () => {
    const hints = new TargetIdHints();
    hints.remember('svc', '10.0.0.1:80', 'a@10.0.0.1:80');
    hints.remember('svc', '10.0.0.1:80', 'b@10.0.0.1:80');
    hints.remember('other', '10.0.0.1:80', 'c@10.0.0.1:80');
    expect([hints.get('svc', '10.0.0.1:80'), hints.get('other', '10.0.0.1:80'), hints.get('svc', '10.0.0.2:80')]).toEqual(['b@10.0.0.1:80', 'c@10.0.0.1:80', undefined]);
  });

  it('stays within its capacity, forgetting the entry learned longest ago', () => {
    const hints = new TargetIdHints(2);
    hints.remember('svc', 'a', 'ida');
    hints.remember('svc', 'b', 'idb');
    hints.remember('svc', 'a', 'ida2'); // learned again: now the newest
    hints.remember('svc', 'c', 'idc');
    expect([hints.size, hints.get('svc', 'a'), hints.get('svc', 'b'), hints.get('svc', 'c')]).toEqual([2, 'ida2', undefined, 'idc']);
  });
});
