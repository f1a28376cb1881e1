import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';

// proxy-addr's names for whole ranges, accepted beside addresses and CIDR blocks.
const PROXY_KEYWORDS = new Set(['loopback', 'linklocal', 'uniquelocal']);
function isProxyEntry(entry: string): boolean {
  if (PROXY_KEYWORDS.has(entry)) return true;
  const [addr, bits, extra] = entry.split('/');
  if (extra !== undefined || !addr) return false;
  const family = net.isIP(addr);
  if (family === 0) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d{1,3}$/.test(bits) && n >= 0 && n <= (family === 4 ? 32 : 128);
}

const CASE_KEY_RE = /^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/;

/**
 * Configuration is read once at boot, validated, and passed down explicitly.
 * A wrong value stops the start with one line naming the variable, so an operator
 * never has to read a stack trace to find a typo in the environment.
 */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  // a streaming replica of DATABASE_URL for public reads (docs/adr/0010)
  DATABASE_READ_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  PUBLIC_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('development'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Observatorio <no-reply@observatorio.local>'),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_LABEL: z.string().min(1).default('Single sign-on'),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(12),
  COOKIE_SECURE: z
    .enum(['true', 'false', 'auto'])
    .default('auto'),
  SIGNIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  SIGNIN_WINDOW_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  // local: uploads in DATA_DIR/files (one instance); postgres: in the database, for several
  // instances sharing one PostgreSQL (docs/adr/0011).
  FILE_STORE: z.enum(['local', 'postgres']).default('local'),
  // The reverse proxies in front of the app (addresses, CIDR blocks or loopback/linklocal/
  // uniquelocal), comma-separated. Only they may set X-Forwarded-For/-Proto/-Host; unset, no
  // forwarded header is believed, so a client cannot choose the address its sign-in
  // attempts are counted against.
  TRUST_PROXY: z
    .string()
    .transform((v) => v.split(',').map((x) => x.trim()).filter(Boolean))
    .refine((list) => list.length > 0 && list.every(isProxyEntry), 'must be a comma-separated list of IP addresses, CIDR blocks or loopback, linklocal, uniquelocal')
    .optional(),
  // on: a start imports the shipped americas-flows data when its observations are absent (docs/adr/0003)
  OBSERVATORY_REAL_DATA: z.enum(['on', 'off']).default('on'),
  // The missing-persons exchange's field key (docs/adr/0014): 32 bytes, hex or base64. Unset: the exchange is off.
  CASES_KEY: z.string().regex(CASE_KEY_RE, 'must be 32 bytes as 64 hexadecimal digits or base64 (44 characters)').optional(),
  // Retired keys still needed until `observatorio cases rotate-key` has re-encrypted their values.
  CASES_KEY_PREVIOUS: z
    .string()
    .transform((v) => v.split(',').map((x) => x.trim()).filter(Boolean))
    .refine((list) => list.every((k) => CASE_KEY_RE.test(k)), 'must be a comma-separated list of 32-byte keys (hex or base64)')
    .optional(),
});

export type Env = z.infer<typeof schema>;

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  databaseReadUrl: string | undefined;
  embeddedPgPort: number;
  publicUrl: string;
  logLevel: Env['LOG_LEVEL'];
  production: boolean;
  smtpUrl: string | undefined;
  mailFrom: string;
  oidc: { issuer: string; clientId: string; clientSecret: string | undefined; label: string } | undefined;
  sessionTtlHours: number;
  cookieSecure: boolean;
  signIn: { maxFailures: number; windowMinutes: number };
  observatoryRealData: boolean;
  fileStore: 'local' | 'postgres';
  /** addresses of trusted reverse proxies; empty: forwarded headers are ignored */
  trustProxy: string[];
  /** the missing-persons exchange's keys (docs/adr/0014); no current key: the exchange is off */
  casesKey: string | undefined;
  casesKeyPrevious: string[];
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings in an .env file mean "not set", not "set to nothing".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path.join('.') ?? 'environment';
    throw new ConfigError(`Invalid configuration: ${name}: ${issue?.message ?? 'invalid value'}`);
  }
  const e = parsed.data;
  if ((e.OIDC_ISSUER && !e.OIDC_CLIENT_ID) || (!e.OIDC_ISSUER && e.OIDC_CLIENT_ID)) {
    throw new ConfigError('Invalid configuration: OIDC_ISSUER and OIDC_CLIENT_ID must be set together');
  }
  if (e.DATABASE_READ_URL && !e.DATABASE_URL) {
    throw new ConfigError('Invalid configuration: DATABASE_READ_URL needs DATABASE_URL (a replica of the embedded database is not supported)');
  }
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databaseReadUrl: e.DATABASE_READ_URL,
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    publicUrl,
    logLevel: e.LOG_LEVEL,
    production: e.NODE_ENV === 'production',
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    oidc:
      e.OIDC_ISSUER && e.OIDC_CLIENT_ID
        ? { issuer: e.OIDC_ISSUER, clientId: e.OIDC_CLIENT_ID, clientSecret: e.OIDC_CLIENT_SECRET, label: e.OIDC_LABEL }
        : undefined,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    cookieSecure: e.COOKIE_SECURE === 'auto' ? publicUrl.startsWith('https://') : e.COOKIE_SECURE === 'true',
    signIn: { maxFailures: e.SIGNIN_MAX_FAILURES, windowMinutes: e.SIGNIN_WINDOW_MINUTES },
    observatoryRealData: e.OBSERVATORY_REAL_DATA === 'on',
    trustProxy: e.TRUST_PROXY ?? [],
    fileStore: e.FILE_STORE,
    casesKey: e.CASES_KEY,
    casesKeyPrevious: e.CASES_KEY_PREVIOUS ?? [],
  };
}
