// The web bench (scripts/bench-web): for each route, the bytes of a first
// load as served (every response's encoded body, empty cache) and the time
// until the page is hydrated (window.__matcha_hydrated_at, ms since the
// navigation started), median of 5, on this machine and on a slow phone
// (1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip, 4x CPU slowdown).
// Not a test: it prints a table for docs/benchmarks.md.
import { chromium } from "@playwright/test";

const BASE = process.env.MATCHA_E2E_URL ?? "http://127.0.0.1:3300";
const RUNS = Number(process.env.RUNS ?? 5);
const LOGIN = { email: "brand@demo.mat-cha.app", password: "matcha-demo-2026" };
const ROUTES = [
  ["landing", "/", false],
  ["sign in", "/signin", false],
  ["dashboard", "/dashboard", true],
  ["requests", "/requests", true],
  ["search", "/search", true],
  ["chats", "/chats", true],
  ["tasks", "/tasks", true],
  ["assistant", "/assistant", true],
  ["settings", "/settings", true],
];
const PHONE = {
  network: { offline: false, latency: 150, downloadThroughput: (1.6e6 / 8), uploadThroughput: (750e3 / 8) },
  cpu: 4,
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

async function signedInState() {
  const context = await browser.newContext({ baseURL: BASE });
  const page = await context.newPage();
  await page.goto("/signin");
  await page.waitForFunction(() => window.__matcha_hydrated === true, null, { timeout: 60_000 });
  await page.getByLabel("E-mail").fill(LOGIN.email);
  await page.getByLabel("Password").fill(LOGIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/dashboard$/);
  const state = await context.storageState();
  await context.close();
  return state;
}

async function firstLoad(path, state, throttle) {
  const context = await browser.newContext({ baseURL: BASE, storageState: state });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  if (throttle) {
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", throttle.network);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: throttle.cpu });
  }
  const sizes = [];
  page.on("requestfinished", (r) => {
    if (r.headers()["accept"] !== "text/event-stream") sizes.push(r.sizes().then((s) => s.responseBodySize));
  });
  await page.goto(path, { timeout: 120_000 });
  await page.waitForFunction(() => window.__matcha_hydrated === true, null, { timeout: 120_000, polling: 100 });
  const hydratedAt = await page.evaluate(() => window.__matcha_hydrated_at);
  const bytes = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
  await context.close();
  return { hydratedAt, bytes };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const state = await signedInState();
console.log("| route | first load (KB as served) | hydrated, no throttling (ms) | hydrated, slow phone (ms) |");
console.log("| --- | ---: | ---: | ---: |");
for (const [name, path, signedIn] of ROUTES) {
  const fast = [];
  const slow = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const run = await firstLoad(path, signedIn ? state : undefined, null);
    fast.push(run.hydratedAt);
    bytes = run.bytes;
    slow.push((await firstLoad(path, signedIn ? state : undefined, PHONE)).hydratedAt);
  }
  console.log(`| ${name} \`${path}\` | ${(bytes / 1024).toFixed(1)} | ${median(fast).toFixed(0)} | ${median(slow).toFixed(0)} |`);
}
await browser.close();
