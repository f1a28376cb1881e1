import { pathToFileURL } from 'node:url';
import { benchExplore } from './explore.ts';
import { printTable, type Figure } from './lib.ts';

/**
 * Issue 21's quality bar for the site's front door, measured as the observatory's pages are
 * (bench/explore.ts: a fresh production build, the real Americas data, Debian's Chromium,
 * Lighthouse's mobile profile with simulated throttling, median of BENCH_LIGHTHOUSE_RUNS = 5):
 * the home page and a country profile — first-load JS gzip (≤ 200 kB), performance (≥ 95),
 * accessibility (100). Not part of `npm run bench` (explore.ts already holds both pages
 * among the others) nor of CI: run it alone with `node --import tsx bench/home.ts`.
 */
export const HOME_PAGES: [string, string][] = [
  ['site home (issue 21)', '/'],
  ['country profile (GTM)', '/observatory/countries/GTM'],
];

export async function benchHome(): Promise<Figure[]> {
  return benchExplore(HOME_PAGES);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printTable(await benchHome());
  process.exit(0);
}
