import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

// What every screen and dialog of the register must satisfy at the studio's three common screen sizes: nothing
// overflows its box or the viewport, touch targets are at least 44×44 px, times stay on one line, pills do not
// overlap, and axe finds no serious or critical violation. A screenshot of each size is kept as a test artifact.

const SCREEN_SIZES = [
  { width: 1024, height: 768 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

type LayoutProblem = { rule: string; element: string; detail: string };

/** Runs in the page: the layout problems of what is on screen now (the open dialog, when there is one). */
function findLayoutProblems(): LayoutProblem[] {
  const problems: LayoutProblem[] = [];
  const describe = (el: Element) => {
    const name = el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? '';
    const classes = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
    return `${el.tagName.toLowerCase()}${classes} "${name}"`;
  };
  const visible = (el: Element) => {
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) return false;
    const style = getComputedStyle(el);
    return style.visibility !== 'hidden' && style.display !== 'none' && !el.closest('.visually-hidden, [aria-hidden="true"]');
  };
  const dialog = document.querySelector('dialog[open]');
  const root = dialog ?? document.body;
  const elements = [...root.querySelectorAll('*')].filter(visible);

  if (document.documentElement.scrollWidth > window.innerWidth + 1) {
    problems.push({ rule: 'viewport', element: 'html', detail: `page is ${document.documentElement.scrollWidth}px wide in a ${window.innerWidth}px window` });
  }
  for (const el of elements) {
    const style = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    if (rect.right > window.innerWidth + 1 || rect.left < -1) {
      problems.push({
        rule: 'viewport',
        element: describe(el),
        detail: `spans ${Math.round(rect.left)}–${Math.round(rect.right)}px of ${window.innerWidth}px`,
      });
    }
    // A scroll container's overflow is the point of it; anything else whose content is wider or taller than its
    // box is cut off or spills over its neighbours.
    const scrolls = (value: string) => value === 'auto' || value === 'scroll';
    if (style.display !== 'inline' && el.clientWidth > 0) {
      if (!scrolls(style.overflowX) && el.scrollWidth > el.clientWidth + 1) {
        problems.push({ rule: 'overflow', element: describe(el), detail: `content ${el.scrollWidth}px wide in a ${el.clientWidth}px box` });
      }
      if (!scrolls(style.overflowY) && el.tagName !== 'HTML' && el.tagName !== 'BODY' && el.scrollHeight > el.clientHeight + 1) {
        problems.push({ rule: 'overflow', element: describe(el), detail: `content ${el.scrollHeight}px tall in a ${el.clientHeight}px box` });
      }
    }
    const target = el.matches('button, [role="tab"], a[href], input[type="radio"], input[type="checkbox"], select, input:not([type]), input[type="text"]');
    if (target) {
      // A radio or checkbox counts with the label around it, the field people actually touch.
      const box = el.matches('input[type="radio"], input[type="checkbox"]') ? (el.closest('label')?.getBoundingClientRect() ?? rect) : rect;
      if (box.width < 44 - 0.5 || box.height < 44 - 0.5) {
        problems.push({ rule: 'touch-target', element: describe(el), detail: `${Math.round(box.width)}×${Math.round(box.height)} px` });
      }
    }
  }
  // Times such as "6:30 pm" or "6:30–7:20 pm" stay on one line.
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent ?? '';
    const match = /\d{1,2}:\d{2}(\s?[–-]\s?\d{1,2}:\d{2})?\s?(am|pm)/i.exec(text);
    if (!match || !node.parentElement || !visible(node.parentElement)) continue;
    const range = document.createRange();
    range.setStart(node, match.index);
    range.setEnd(node, match.index + match[0].length);
    const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
    if (tops.size > 1) problems.push({ rule: 'time-wrapped', element: describe(node.parentElement), detail: `"${match[0]}" on ${tops.size} lines` });
  }
  // A dialog's buttons line up: side by side, the same height; on rows of their own, the same width.
  for (const actions of root.querySelectorAll('.dialog__actions')) {
    const buttons = [...actions.querySelectorAll(':scope > button')].filter(visible).map((button) => button.getBoundingClientRect());
    const stacked = new Set(buttons.map((rect) => Math.round(rect.top))).size > 1;
    if (stacked && buttons.some((rect) => Math.abs(rect.left - buttons[0].left) > 1 || Math.abs(rect.width - buttons[0].width) > 1)) {
      problems.push({ rule: 'dialog-actions', element: describe(actions), detail: 'buttons wrapped onto rows of different widths' });
    }
    for (const rect of buttons) {
      const sameRow = buttons.filter((other) => Math.abs(other.top - rect.top) < 2);
      if (sameRow.some((other) => Math.abs(other.height - rect.height) > 1)) {
        problems.push({ rule: 'dialog-actions', element: describe(actions), detail: `buttons of different heights side by side` });
        break;
      }
    }
  }
  // Pills and chips never sit on top of each other.
  const pills = elements.filter((el) => /(^|\s)(pill|chip|badge)/.test(typeof el.className === 'string' ? el.className : ''));
  for (let i = 0; i < pills.length; i += 1) {
    for (let j = i + 1; j < pills.length; j += 1) {
      if (pills[i].contains(pills[j]) || pills[j].contains(pills[i])) continue;
      const a = pills[i].getBoundingClientRect();
      const b = pills[j].getBoundingClientRect();
      const overlap = Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
      if (overlap) problems.push({ rule: 'pills-overlap', element: describe(pills[i]), detail: `overlaps ${describe(pills[j])}` });
    }
  }
  return problems;
}

async function seriousAxeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/**
 * Checks the screen or dialog on screen now at each size: screenshot, layout and axe. Failures are soft, so one
 * run lists every problem of every screen; the viewport is back at the first size afterwards.
 */
export async function checkScreen(page: Page, name: string, options: { sizes?: number } = {}): Promise<void> {
  for (const size of SCREEN_SIZES.slice(0, options.sizes ?? SCREEN_SIZES.length)) {
    await page.setViewportSize(size);
    // Two frames: the resize lays out, then anything that measures itself settles.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    await page.screenshot({ path: test.info().outputPath(`screens/${name}-${size.width}x${size.height}.png`), fullPage: true });
    const layout = await page.evaluate(findLayoutProblems);
    expect.soft(layout, `${name} at ${size.width}×${size.height}: layout`).toEqual([]);
    expect.soft(await seriousAxeViolations(page), `${name} at ${size.width}×${size.height}: axe`).toEqual([]);
  }
  await page.setViewportSize(SCREEN_SIZES[0]);
}
