import { Fragment, type ReactNode } from 'react';
import { Lexer, type Token, type Tokens } from 'marked';

/**
 * Markdown rendered as React elements from marked's tokens: paragraphs, headings (shifted
 * below the page's own), lists, emphasis, code, quotes and http(s) links. Raw HTML is
 * shown as text, never interpreted; no dangerouslySetInnerHTML anywhere.
 */
export function safeHref(href: string): string | null {
  try {
    const u = new URL(href);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}

function inline(tokens: Token[] | undefined, key: string): ReactNode[] {
  return (tokens ?? []).map((tok, i) => renderInline(tok, `${key}.${i}`));
}

function renderInline(tok: Token, key: string): ReactNode {
  switch (tok.type) {
    case 'strong':
      return <strong key={key}>{inline((tok as Tokens.Strong).tokens, key)}</strong>;
    case 'em':
      return <em key={key}>{inline((tok as Tokens.Em).tokens, key)}</em>;
    case 'del':
      return <del key={key}>{inline((tok as Tokens.Del).tokens, key)}</del>;
    case 'codespan':
      return <code key={key}>{(tok as Tokens.Codespan).text}</code>;
    case 'br':
      return <br key={key} />;
    case 'link': {
      const l = tok as Tokens.Link;
      const children = inline(l.tokens, key);
      // A path on this site (/methodology) is a plain link; anything else must be http(s).
      if (/^\/(?![/\\])/.test(l.href)) return <a key={key} href={l.href}>{children}</a>;
      const href = safeHref(l.href);
      return href ? (
        <a key={key} href={href} rel="noopener noreferrer nofollow">
          {children}
        </a>
      ) : (
        <span key={key}>{children}</span>
      );
    }
    case 'image': {
      // Images from elsewhere are not embedded: their description is shown instead.
      return <span key={key}>{(tok as Tokens.Image).text}</span>;
    }
    case 'text': {
      const t = tok as Tokens.Text;
      return <Fragment key={key}>{t.tokens?.length ? inline(t.tokens, key) : t.text}</Fragment>;
    }
    case 'escape':
      return <Fragment key={key}>{(tok as Tokens.Escape).text}</Fragment>;
    default:
      // html and anything unknown: its source, as plain text.
      return <span key={key}>{'raw' in tok ? tok.raw : ''}</span>;
  }
}

function renderBlock(tok: Token, key: string, headingBase: number): ReactNode {
  switch (tok.type) {
    case 'space':
      return null;
    case 'paragraph':
      return <p key={key}>{inline((tok as Tokens.Paragraph).tokens, key)}</p>;
    case 'heading': {
      const h = tok as Tokens.Heading;
      const level = Math.min(6, headingBase + h.depth - 1);
      const Tag = `h${level}` as 'h3';
      return <Tag key={key}>{inline(h.tokens, key)}</Tag>;
    }
    case 'list': {
      const l = tok as Tokens.List;
      const items = l.items.map((item, i) => <li key={`${key}.${i}`}>{blocks(item.tokens, `${key}.${i}`, headingBase)}</li>);
      return l.ordered ? (
        <ol key={key} start={typeof l.start === 'number' ? l.start : undefined}>
          {items}
        </ol>
      ) : (
        <ul key={key}>{items}</ul>
      );
    }
    case 'blockquote':
      return <blockquote key={key}>{blocks((tok as Tokens.Blockquote).tokens, key, headingBase)}</blockquote>;
    case 'code':
      return (
        <pre key={key}>
          <code>{(tok as Tokens.Code).text}</code>
        </pre>
      );
    case 'hr':
      return <hr key={key} />;
    case 'text': {
      const t = tok as Tokens.Text;
      return <Fragment key={key}>{t.tokens?.length ? inline(t.tokens, key) : t.text}</Fragment>;
    }
    default:
      // html blocks, tables and anything else: the source as text in a paragraph.
      return <p key={key}>{'raw' in tok ? tok.raw : ''}</p>;
  }
}

function blocks(tokens: Token[], key: string, headingBase: number): ReactNode[] {
  return tokens.map((t, i) => renderBlock(t, `${key}.${i}`, headingBase));
}

export function Markdown({ source, headingBase = 3 }: { source: string; headingBase?: number }) {
  const tokens = new Lexer({ gfm: true }).lex(source);
  return <div className="markdown">{blocks(tokens, 'md', headingBase)}</div>;
}
