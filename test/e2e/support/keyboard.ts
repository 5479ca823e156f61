import type { Page } from '@playwright/test';

/** Presses Tab until the focused element has this accessible name (aria-label or text); fails after 60 presses. */
export async function tabTo(page: Page, name: string | RegExp): Promise<void> {
  for (let i = 0; i < 60; i += 1) {
    await page.keyboard.press('Tab');
    // Read in one step in the page: a live region re-rendering can replace the focused element between two
    // locator calls, and a locator would then wait for an element that no longer exists.
    const label = await page.evaluate(() => {
      const focused = document.activeElement;
      if (!focused || focused === document.body) return null;
      return focused.getAttribute('aria-label') ?? focused.textContent ?? '';
    });
    if (label === null) continue;
    if (typeof name === 'string' ? label.trim() === name : name.test(label.trim())) return;
  }
  throw new Error(`Tab never reached "${name}"`);
}
