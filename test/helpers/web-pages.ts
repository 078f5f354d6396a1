/**
 * Driving the console in a real browser the two ways people do: with the mouse (clicks), or by
 * keyboard only (Tab to the control, then Enter or typing) — the same journey script runs both.
 * And the accessibility check: axe-core run in the page, its serious and critical violations.
 */
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import type { Page } from "puppeteer-core";

export type Mode = "mouse" | "keyboard";

/** Presses Tab until the focused element matches `selector` (or fails after `max` presses). */
export async function tabTo(page: Page, selector: string, max = 600): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Follows a link or presses a button, and waits for the page it leads to (when it leads to one). */
export async function activate(page: Page, mode: Mode, selector: string, { navigates = true } = {}): Promise<void> {
  const navigation = navigates ? page.waitForNavigation({ waitUntil: "load" }) : Promise.resolve();
  if (mode === "mouse") await page.click(selector);
  else {
    await tabTo(page, selector);
    await page.keyboard.press("Enter");
  }
  await navigation;
}

/** Replaces the value of a field. */
export async function fill(page: Page, mode: Mode, selector: string, text: string): Promise<void> {
  if (mode === "mouse") await page.click(selector, { count: 3 });
  else await tabTo(page, selector);
  await page.keyboard.down("Control");
  await page.keyboard.press("KeyA");
  await page.keyboard.up("Control");
  await page.keyboard.press("Backspace");
  await page.keyboard.type(text);
}

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export interface AxeFinding {
  readonly id: string;
  readonly impact: string;
  readonly help: string;
  readonly nodes: number;
}

/** axe-core's violations in the page (evaluated through the DevTools protocol: the page's CSP does not apply). */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  await page.evaluate(AXE_SOURCE);
  const results = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string; help: string; nodes: unknown[] }[] }> } }).axe;
    const run = await axe.run(document, { resultTypes: ["violations"] });
    return run.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }));
  })) as AxeFinding[];
  return results;
}
