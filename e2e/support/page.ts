import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/**
 * Every axe-core finding, whatever its impact (issue 5: "axe-core clean on each page"; a
 * moderate finding such as a skipped heading level or two landmarks with one name still
 * misleads a screen-reader user), summarised so a failure says what and where.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

/** Waits until the page has stopped loading: no requests in flight, no loading placeholder left. */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.locator('.loading').first().waitFor({ state: 'detached' }); // first(): several may show at once
}
