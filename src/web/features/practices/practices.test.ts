import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown, safeHref } from './Markdown.tsx';
import { searchParamsForApi } from './SearchPage.tsx';

const md = (source: string) => renderToStaticMarkup(createElement(Markdown, { source }));

describe('practice descriptions rendered from Markdown', () => {
  it('renders paragraphs, lists, emphasis and http(s) links', () => {
    const html = md('Primer **párrafo** con *énfasis*.\n\n- uno\n- dos\n\n[OIM](https://www.iom.int/)');
    expect(html).toContain('<strong>párrafo</strong>');
    expect(html).toContain('<em>énfasis</em>');
    expect(html).toContain('<li>uno</li>');
    expect(md('Niñas & niños "no acompañados"')).toBe('<div class="markdown"><p>Niñas &amp; niños &quot;no acompañados&quot;</p></div>');
    expect(html).toContain('<a href="https://www.iom.int/" rel="noopener noreferrer nofollow">OIM</a>');
  });

  it('never interprets raw HTML or script links', () => {
    const html = md('<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)> and [click](javascript:alert(1))');
    expect(html).not.toMatch(/<script|<img|href="javascript/i);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('<span>click</span>');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,x')).toBeNull();
    expect(safeHref('http://example.org/a')).toBe('http://example.org/a');
  });
});

describe('search page address → API query', () => {
  it('keeps the search parameters, repeated facets included, and drops unknown ones', () => {
    const p = searchParamsForApi(new URLSearchParams('q=%20regularizacion%20&objective=8&country=MEX&country=GTM&sort=title&page=2&evil=1'));
    expect(p.toString()).toBe('q=regularizacion&objective=8&country=MEX&country=GTM&sort=title&page=2');
    expect(searchParamsForApi(new URLSearchParams('sort=bogus&page=1')).toString()).toBe('');
  });
});
