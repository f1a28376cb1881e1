/**
 * The web application's pages, shared by the client router and the server, so the
 * server can answer an unknown page with a real 404 status (and the 404 page).
 */
export const PAGE_PATTERNS: RegExp[] = [
  /^\/$/,
  /^\/sign-in$/,
  /^\/forgot-password$/,
  /^\/link\/[A-Za-z0-9_-]+$/,
  /^\/account$/,
  /^\/admin(\/(users|invitations|organisations|reference|audit))?$/,
  /^\/practices(\/(coverage|new|[A-Za-z0-9_-]{1,130}(\/(history|edit))?))?$/,
  /^\/workspace$/,
  /^\/observatory(\/(explorer|embed|countries|countries\/[A-Za-z]{3}|corridors|mirror|submit|submissions|submissions\/[0-9a-fA-F-]{36}|releases|missing-migrants(\/(new|pending|import|[0-9a-fA-F-]{36}(\/edit)?))?))?$/,
  /^\/meetings(\/[A-Za-z0-9_-]{2,130})?$/,
  /^\/outcomes\/[A-Za-z0-9_-]{2,130}$/,
  /^\/roadmaps(\/(new|[0-9a-fA-F-]{36}(\/edit)?))?$/,
  /^\/pledges(\/(new|[0-9a-fA-F-]{36}(\/edit)?))?$/,
  /^\/commitments(\/countries\/[A-Za-z]{3})?$/,
  /^\/(about|methodology|contact)(\/edit)?$/,
  /^\/search$/,
  /^\/objectives(\/([1-9]|1[0-9]|2[0-3]))?$/,
  /^\/indicators\/(report|review)$/,
  /^\/indicators(\/(new|[A-Za-z0-9][A-Za-z0-9._-]{0,59}(\/edit)?))?$/,
  /^\/review(\/[0-9a-fA-F-]{36})?$/,
  /^\/cooperation(\/(requests\/new|offers\/new|requests\/[0-9a-fA-F-]{36}))?$/,
];

export function isKnownPage(pathname: string): boolean {
  const p = pathname.length > 1 ? pathname.replace(/\/$/, '') : pathname;
  return PAGE_PATTERNS.some((re) => re.test(p));
}
