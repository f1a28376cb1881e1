import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server, in-process on 127.0.0.1 with a random port, that keeps every
 * message it receives. Tests point the app's mailer at `url` and read `messages`.
 */
export interface CapturedMail {
  /** First envelope recipient (RCPT TO). */
  to: string;
  /** Every envelope recipient. */
  recipients: string[];
  from: string;
  subject: string;
  /** The text/plain body, decoded (transfer encoding and charset). */
  text: string;
  headers: Record<string, string>;
  raw: string;
}

export interface SmtpCapture {
  url: string;
  messages: CapturedMail[];
  waitFor(predicate: (m: CapturedMail) => boolean, timeoutMs?: number): Promise<CapturedMail>;
  close(): Promise<void>;
}

export async function startSmtp(): Promise<SmtpCapture> {
  const messages: CapturedMail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', (err) => callback(err));
      stream.on('end', () => {
        try {
          const raw = Buffer.concat(chunks).toString('utf8');
          const parsed = parseMessage(raw);
          const rcpt = session.envelope.rcptTo.map((r) => r.address);
          const mailFrom = session.envelope.mailFrom;
          messages.push({
            to: rcpt[0] ?? parsed.headers['to'] ?? '',
            recipients: rcpt,
            from: mailFrom ? mailFrom.address : (parsed.headers['from'] ?? ''),
            subject: parsed.headers['subject'] ?? '',
            text: parsed.text,
            headers: parsed.headers,
            raw,
          });
          for (const w of waiters) w();
          callback();
        } catch (err) {
          callback(err as Error);
        }
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitFor(predicate, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(predicate);
          if (found) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching e-mail within ${timeoutMs} ms (received ${messages.length})`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// --- a small RFC 822 / MIME reader (enough for what nodemailer produces) -----------------

interface Part {
  headers: Record<string, string>;
  body: string;
}

function splitHeaders(raw: string): Part {
  const text = raw.replace(/\r\n/g, '\n');
  const end = text.indexOf('\n\n');
  const head = end === -1 ? text : text.slice(0, end);
  const body = end === -1 ? '' : text.slice(end + 2);
  const headers: Record<string, string> = {};
  // Unfold continuation lines, then split "Name: value".
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    headers[name] = decodeWords(line.slice(i + 1).trim());
  }
  return { headers, body };
}

/** RFC 2047 encoded words: =?UTF-8?Q?...?= and =?UTF-8?B?...?= */
export function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?') // whitespace between adjacent encoded words is not content
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_m, charset: string, enc: string, data: string) => {
      const bytes =
        enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : qpBytes(data.replace(/_/g, ' '));
      return decodeCharset(bytes, charset);
    });
}

function qpBytes(s: string): Buffer {
  const out: number[] = [];
  const soft = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    const c = soft[i]!;
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      out.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      for (const b of Buffer.from(c, 'utf8')) out.push(b);
    }
  }
  return Buffer.from(out);
}

function decodeCharset(bytes: Buffer, charset: string): string {
  const cs = charset.toLowerCase();
  if (cs === 'iso-8859-1' || cs === 'latin1' || cs === 'windows-1252') return bytes.toString('latin1');
  return bytes.toString('utf8');
}

function param(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  const m = new RegExp(`;\\s*${name}=("([^"]*)"|[^;\\s]+)`, 'i').exec(header);
  return m ? (m[2] ?? m[1]) : undefined;
}

function decodeBody(part: Part): string {
  const cte = (part.headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const charset = param(part.headers['content-type'], 'charset') ?? 'utf-8';
  if (cte === 'base64') return decodeCharset(Buffer.from(part.body.replace(/\s+/g, ''), 'base64'), charset);
  if (cte === 'quoted-printable') return decodeCharset(qpBytes(part.body), charset);
  return part.body;
}

function findText(part: Part): string | undefined {
  const type = (part.headers['content-type'] ?? 'text/plain').toLowerCase();
  if (type.startsWith('multipart/')) {
    const boundary = param(part.headers['content-type'], 'boundary');
    if (!boundary) return undefined;
    const pieces = part.body.split(`--${boundary}`).slice(1);
    for (const piece of pieces) {
      if (piece.startsWith('--')) break;
      const found = findText(splitHeaders(piece.replace(/^\n/, '')));
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (type.startsWith('text/plain')) return decodeBody(part);
  return undefined;
}

export function parseMessage(raw: string): { headers: Record<string, string>; text: string } {
  const top = splitHeaders(raw);
  return { headers: top.headers, text: (findText(top) ?? '').replace(/\n$/, '') };
}
