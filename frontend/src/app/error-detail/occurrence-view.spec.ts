import { TestBed } from '@angular/core/testing';
import { ApiOccurrence } from '@periskop/wire/payload';
import { OccurrenceView } from './occurrence-view';

const HOSTILE = '<img src=x onerror=alert(1)>';

function occurrence(): ApiOccurrence {
  return {
    error: {
      class: '<script>alert(2)</script>',
      message: HOSTILE,
      stacktrace: ['at <b>bold</b> (x.js:1)'],
      cause: { class: 'Inner', message: '<svg onload=alert(3)>', stacktrace: null, cause: { class: 'Root', message: 'r', stacktrace: null, cause: null } },
    },
    uuid: 'u-1',
    timestamp: 1_700_000_000,
    severity: 'error',
    http_context: {
      request_method: 'POST',
      request_url: '/x?<i>y</i>',
      request_headers: { '<h1>': '<iframe src=javascript:alert(4)>' },
      request_body: '<img src=y onerror=alert(5)>',
    },
  };
}

describe('OccurrenceView', () => {
  async function render() {
    const fixture = TestBed.createComponent(OccurrenceView);
    fixture.componentRef.setInput('occurrence', occurrence());
    fixture.componentRef.setInput('index', 2);
    fixture.componentRef.setInput('total', 100);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('renders exception, causes and request content as text, never as markup', async () => {
    const el = await render();
    expect(el.querySelector('img, script, svg:not(mat-icon svg), iframe, b, i, h1')).toBeNull();
    expect(el.textContent).toContain(HOSTILE);
    expect(el.textContent).toContain('<script>alert(2)</script>');
    expect(el.textContent).toContain('<svg onload=alert(3)>');
    expect(el.textContent).toContain('<iframe src=javascript:alert(4)>');
  });

  it('shows the position, the whole cause chain and the curl command', async () => {
    const el = await render();
    expect(el.querySelector('.position')?.textContent?.trim()).toBe('3/100');
    expect(el.textContent).toContain('Caused by (1/2)');
    expect(el.textContent).toContain('Caused by (2/2)');
    expect(el.querySelector('pre.curl')?.textContent).toContain("--data-raw '<img src=y onerror=alert(5)>'");
  });
});
