import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
// @ts-expect-error -- oidc-provider ships no type declarations; the little used here is typed below.
import ProviderModule from 'oidc-provider';

/**
 * A real OpenID Connect provider (oidc-provider), in-process on 127.0.0.1 with a random
 * port, with its development login and consent forms. Accounts are given by the test:
 * the login form's "login" field is the account id.
 */
export interface OidcAccount {
  email: string;
  emailVerified?: boolean;
}

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  accounts: Map<string, OidcAccount>;
  close(): Promise<void>;
}

interface ProviderLike {
  callback(): (req: http.IncomingMessage, res: http.ServerResponse) => void;
  on(event: string, fn: (...args: unknown[]) => void): void;
}
const Provider = ProviderModule as unknown as new (issuer: string, config: Record<string, unknown>) => ProviderLike;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export async function startOidcProvider(opts: { redirectUri: string; accounts?: Record<string, OidcAccount> }): Promise<TestOidcProvider> {
  const accounts = new Map(Object.entries(opts.accounts ?? {}));
  const clientId = 'observatorio';
  const clientSecret = 'a-test-client-secret-that-is-long-enough';

  // The provider needs its issuer (which holds the port) before it exists: listen first.
  const target: { handler?: (req: http.IncomingMessage, res: http.ServerResponse) => void } = {};
  const server = http.createServer((req, res) => {
    if (target.handler) target.handler(req, res);
    else res.writeHead(503).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [opts.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    async findAccount(_ctx: unknown, id: string) {
      const account = accounts.get(id);
      if (!account) return undefined;
      return {
        accountId: id,
        async claims() {
          return { sub: id, email: account.email, email_verified: account.emailVerified ?? true };
        },
      };
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    cookies: { keys: ['a-test-cookie-signing-key'] },
  });
  // Errors the provider renders to the browser are enough for these tests.
  provider.on('server_error', () => {});
  target.handler = provider.callback();

  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A browser without a browser: fetch with redirects followed by hand and a cookie jar per
 * host:port (enough for two local servers; attributes other than expiry are ignored).
 */
export class CookieJar {
  private readonly jars = new Map<string, Map<string, string>>();

  header(url: URL): string {
    const jar = this.jars.get(url.host);
    return jar ? [...jar].map(([k, v]) => `${k}=${v}`).join('; ') : '';
  }

  get(host: string, name: string): string | undefined {
    return this.jars.get(host)?.get(name);
  }

  store(url: URL, res: Response): void {
    let jar = this.jars.get(url.host);
    if (!jar) this.jars.set(url.host, (jar = new Map()));
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const i = pair.indexOf('=');
      if (i <= 0) continue;
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      const expired = attrs.some((a) => {
        const [k = '', v = ''] = a.trim().split('=');
        if (k.toLowerCase() === 'max-age') return Number(v) <= 0;
        if (k.toLowerCase() === 'expires') return new Date(a.trim().slice(8)).getTime() < Date.now();
        return false;
      });
      if (expired || value === '') jar.delete(name);
      else jar.set(name, value);
    }
  }
}

export interface Hop {
  method: string;
  url: string;
  status: number;
  location: string | null;
  body: string;
}

/** One request, no automatic redirects; cookies read from and stored to the jar. */
export async function browse(jar: CookieJar, url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Hop> {
  const u = new URL(url);
  const headers: Record<string, string> = {};
  const cookie = jar.header(u);
  if (cookie) headers.cookie = cookie;
  let body: string | undefined;
  if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  }
  const res = await fetch(u, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
  jar.store(u, res);
  const location = res.headers.get('location');
  return { method: init.method ?? (body ? 'POST' : 'GET'), url: u.href, status: res.status, location: location ? new URL(location, u).href : null, body: await res.text() };
}

/** Follows redirects (GET) until a response that is not one; returns every hop. */
export async function follow(jar: CookieJar, first: Hop, max = 20): Promise<Hop[]> {
  const hops = [first];
  let cur = first;
  while (cur.status >= 300 && cur.status < 400 && cur.location) {
    if (hops.length > max) throw new Error('too many redirects');
    cur = await browse(jar, cur.location);
    hops.push(cur);
  }
  return hops;
}

/** The action and hidden fields of the first form in an HTML page. */
export function readForm(html: string, base: string): { action: string; fields: Record<string, string> } {
  const form = /<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) throw new Error(`no form in page: ${html.slice(0, 500)}`);
  const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&#x2F;/gi, '/').replace(/&#47;/g, '/').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
  const fields: Record<string, string> = {};
  for (const m of form[2]!.matchAll(/<input[^>]*type="hidden"[^>]*>/gi)) {
    const name = /name="([^"]+)"/.exec(m[0])?.[1];
    const value = /value="([^"]*)"/.exec(m[0])?.[1];
    if (name) fields[name] = decode(value ?? '');
  }
  return { action: new URL(decode(form[1]!), base).href, fields };
}
