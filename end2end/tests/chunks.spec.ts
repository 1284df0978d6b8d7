import { expect, Page, Request, test } from "@playwright/test";
import { failOnConsoleErrors, hydrated, signUp, uniqueEmail } from "./helpers";

// Pages come in WASM chunks: the landing page needs only the main module,
// a signed-in page adds its feature's chunk, and moving to another feature
// downloads only that feature's code, once.

function wasmRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on("request", (r: Request) => {
    const path = new URL(r.url()).pathname;
    if (path.endsWith(".wasm")) seen.push(path);
  });
  return seen;
}

const nav = (page: Page) => page.getByRole("navigation", { name: "Main navigation" });

test("landing, sign-up, dashboard and another feature's page load their own chunks", async ({ page }) => {
  const errors = failOnConsoleErrors(page);
  const wasm = wasmRequests(page);
  await page.goto("/");
  await hydrated(page);
  expect(wasm).toHaveLength(1);
  expect(wasm[0]).toMatch(/^\/pkg\/matcha\.[A-Za-z0-9_-]{22}\.wasm$/);
  const main = wasm[0];

  await signUp(page, { role: "Brand", name: "Chunk & Co", email: uniqueEmail("chunks") });
  await expect(page.getByTestId("greeting")).toHaveText("Welcome, Chunk & Co");
  const afterDashboard = wasm.length;

  await nav(page).getByRole("link", { name: "Tasks" }).click();
  await expect(page).toHaveURL(/\/tasks$/);
  await expect(page.getByPlaceholder("What needs doing?")).toBeVisible();
  const tasksChunks = wasm.slice(afterDashboard);
  expect(tasksChunks.length).toBeGreaterThan(0);
  expect(tasksChunks).not.toContain(main);

  // Back and forth: everything is there already, nothing is fetched again.
  const before = wasm.length;
  await nav(page).getByRole("link", { name: "Dashboard" }).click();
  await expect(page.getByTestId("greeting")).toBeVisible();
  await nav(page).getByRole("link", { name: "Tasks" }).click();
  await expect(page.getByPlaceholder("What needs doing?")).toBeVisible();
  expect(wasm.length).toBe(before);
  // Each chunk was fetched once (the main module again on each full page
  // load, from the browser's cache).
  const chunks = wasm.filter((w) => w !== main);
  expect(new Set(chunks).size).toBe(chunks.length);
  expect(errors).toEqual([]);
});

test("a page whose code cannot be downloaded says so, and opens on retry", async ({ page }) => {
  const crashes: string[] = [];
  page.on("pageerror", (err) => crashes.push(err.message));
  await signUp(page, { role: "Creator", name: "Offline Ola", email: uniqueEmail("offline") });
  await expect(page.getByTestId("greeting")).toBeVisible();

  // The network drops for the next chunk.
  let offline = true;
  await page.route(/\/pkg\/.*\.wasm$/, (route) => (offline ? route.abort("internetdisconnected") : route.continue()));
  await nav(page).getByRole("link", { name: "Settings" }).click();
  const notice = page.getByTestId("page-load-failed");
  await expect(notice).toBeVisible();
  await expect(notice).toContainText("This page could not be loaded");

  // Still offline: trying again says so again; the rest of the app works.
  await notice.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByTestId("page-load-failed")).toBeVisible();

  offline = false;
  await page.getByTestId("page-load-failed").getByRole("button", { name: "Try again" }).click();
  await expect(page.getByTestId("page-load-failed")).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
  await nav(page).getByRole("link", { name: "Dashboard" }).click();
  await expect(page.getByTestId("greeting")).toBeVisible();
  // The aborted downloads surface as "Failed to fetch" rejections of the
  // chunk loader; nothing else (no panic, no hydration error) may.
  expect(crashes.filter((m) => m !== "Failed to fetch")).toEqual([]);
});

test("a navigation that waits for its page's code shows a progress bar until the page is there", async ({ page }) => {
  await signUp(page, { role: "Brand", name: "Slow Sunita", email: uniqueEmail("slow") });
  await expect(page.getByTestId("greeting")).toBeVisible();
  await expect(page.getByTestId("route-progress")).toHaveCount(0);

  // The next chunk takes its time, as on a slow phone network.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/pkg\/.*\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  await nav(page).getByRole("link", { name: "Search" }).click();
  const bar = page.getByTestId("route-progress");
  await expect(bar).toBeVisible();
  await expect(bar).toHaveAttribute("role", "progressbar");
  await expect(page.getByTestId("greeting")).toBeVisible();

  release();
  await expect(page.getByRole("heading", { level: 1, name: "Search", exact: true })).toBeVisible();
  await expect(page.getByTestId("greeting")).toHaveCount(0);
  await expect(bar).toHaveCount(0);
  await expect(page).toHaveURL(/\/search$/);
});
