import { expect, Page } from "@playwright/test";

export const PASSWORD = "a long enough passphrase";

/** A unique address per run, so the suite can run against a used database. */
export function uniqueEmail(prefix: string): string {
  return `${prefix}.${Date.now()}.${Math.floor(Math.random() * 1e6)}@example.com`;
}

/** Fails the test on any browser console error (hydration errors show up there). */
export function failOnConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(err.message));
  return errors;
}

/** Waits until the WASM bundle has hydrated the page. */
export async function hydrated(page: Page) {
  await page.waitForFunction(() => (window as any).__matcha_hydrated === true, null, { timeout: 30_000 });
}

export async function signUp(page: Page, opts: { role: "Brand" | "Creator"; name: string; email: string; password?: string }) {
  await page.goto("/signup");
  await hydrated(page);
  await page.getByLabel(opts.role, { exact: false }).first().check();
  await page.getByLabel("Display name").fill(opts.name);
  await page.getByLabel("E-mail").fill(opts.email);
  await page.getByLabel("Password").fill(opts.password ?? PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/).catch(async (err) => {
    // Say what the page said, so a failure names its cause.
    const said = await page.getByRole("alert").allTextContents();
    throw new Error(`sign-up stayed on ${page.url()}; the page said: ${JSON.stringify(said)}\n${err}`);
  });
}

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/signin");
  await hydrated(page);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}
