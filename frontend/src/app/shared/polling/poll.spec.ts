import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { HttpErrorResponse } from '@angular/common/http';
import { Observable, of, throwError } from 'rxjs';
import { Fetched } from '../http/conditional-get';
import { PageVisibility } from './page-visibility';
import { poll } from './poll';

describe('poll', () => {
  const visible = signal(true);
  let calls: { q: string; etag: string | null }[];
  let answer: () => Observable<Fetched<string>>;

  @Component({ selector: 'app-host', template: '' })
  class Host {
    readonly query = signal<string | null>('a');
    readonly poll = poll({
      query: () => this.query(),
      fetch: (q, etag) => {
        calls.push({ q, etag });
        return answer();
      },
      intervalMs: 1000,
      scope: (q) => q[0],
    });
  }

  beforeEach(() => {
    vi.useFakeTimers();
    calls = [];
    visible.set(true);
    answer = () => of({ modified: true, body: 'v1', etag: '"1"' });
    TestBed.configureTestingModule({ providers: [{ provide: PageVisibility, useValue: { visible } }] });
  });

  afterEach(() => vi.useRealTimers());

  async function settle(ms = 0) {
    TestBed.tick();
    await vi.advanceTimersByTimeAsync(ms);
    TestBed.tick();
  }

  it('fetches at once, then every interval with the last ETag', async () => {
    const host = TestBed.createComponent(Host).componentInstance;
    await settle();
    expect(calls).toEqual([{ q: 'a', etag: null }]);
    expect(host.poll.state().data).toBe('v1');
    answer = () => of({ modified: false });
    await settle(1000);
    expect(calls.at(-1)).toEqual({ q: 'a', etag: '"1"' });
    expect(host.poll.state().data).toBe('v1');
    expect(host.poll.state().loading).toBe(false);
  });

  it('stops while hidden and fetches again when visible', async () => {
    TestBed.createComponent(Host);
    await settle();
    visible.set(false);
    await settle(5000);
    expect(calls).toHaveLength(1);
    visible.set(true);
    await settle();
    expect(calls).toHaveLength(2);
  });

  it('starts a new query without the old ETag', async () => {
    const host = TestBed.createComponent(Host).componentInstance;
    await settle();
    host.query.set('b');
    await settle();
    expect(calls.at(-1)).toEqual({ q: 'b', etag: null });
  });

  it('keeps old data while a query of the same scope loads, drops it for a new scope', async () => {
    const host = TestBed.createComponent(Host).componentInstance;
    answer = () => of({ modified: true, body: 'v1', etag: '"1"' });
    await settle();
    answer = () => new Observable<Fetched<string>>(() => undefined); // never answers
    host.query.set('a2');
    await settle();
    expect(host.poll.state()).toMatchObject({ data: 'v1', loading: true });
    host.query.set('b');
    await settle();
    expect(host.poll.state()).toMatchObject({ data: undefined, loading: true });
  });

  it('keeps the last data when the API goes away, and keeps polling', async () => {
    const host = TestBed.createComponent(Host).componentInstance;
    await settle();
    answer = () => throwError(() => new HttpErrorResponse({ status: 0 }));
    await settle(1000);
    expect(host.poll.state().data).toBe('v1');
    expect(host.poll.state().error?.kind).toBe('unreachable');
    answer = () => of({ modified: true, body: 'v2', etag: '"2"' });
    await settle(1000);
    expect(host.poll.state()).toMatchObject({ data: 'v2', error: undefined });
  });
});
