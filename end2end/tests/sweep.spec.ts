import { APIRequestContext, expect, Page, test } from "@playwright/test";
import { hydrated, PASSWORD, signIn, uniqueEmail } from "./helpers";

// Every page of each role in each of the five Indian languages, chosen in
// the header: no visible text in Latin script except user content, e-mails,
// numbers and names that are written the same everywhere; `<html lang>`
// follows; the language's script is drawn with the bundled font.

const LANGUAGES = [
  { code: "hi", name: "हिन्दी", font: "MAT-CHA Devanagari" },
  { code: "ta", name: "தமிழ்", font: "MAT-CHA Tamil" },
  { code: "te", name: "తెలుగు", font: "MAT-CHA Telugu" },
  { code: "bn", name: "বাংলা", font: "MAT-CHA Bengali" },
  { code: "mr", name: "मराठी", font: "MAT-CHA Devanagari" },
];

// Product, platform and format names a reader sees as they are.
const ALLOWED = [
  "MAT", "CHA", "MCP", "API", "PNG", "JPEG", "WebP", "GIF", "MB", "KB", "IN", "GB", "Enter", "Shift",
  "YYYY", "MM", "DD", "English", "AI", "OAuth", "Instagram", "YouTube", "TikTok", "LinkedIn", "Facebook",
  "Twitch", "Snapchat", "Swagger", "UI", "JSON", "URL", "UTC", "INR", "USD", "EUR", "GBP",
];

/** Every string value in an API answer, except the ones worded for the reader. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (value && typeof value === "object")
    for (const [key, v] of Object.entries(value)) if (!["explanation", "message", "text"].includes(key)) strings(v, out);
  return out;
}

/** Latin words in the page's visible text that are not allowed or user content. */
async function strayLatin(page: Page, userContent: string[]): Promise<string[]> {
  return page.evaluate(
    ({ allowed, userContent }) => {
      const found = new Set<string>();
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const element = node.parentElement;
        if (!element || element.closest('script, style, [lang="en"], [translate="no"]')) continue;
        if (!element.checkVisibility()) continue;
        let text = node.textContent ?? "";
        text = text.replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, " ");
        for (const word of text.match(/[A-Za-z]{2,}/g) ?? [])
          if (!allowed.includes(word) && !userContent.includes(word)) found.add(word);
      }
      return [...found].sort();
    },
    { allowed: ALLOWED, userContent },
  );
}

async function api(request: APIRequestContext, method: "post" | "get", path: string, token?: string, data?: object) {
  const response = await request[method](path, {
    data,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  expect(response.ok(), `${method} ${path}: ${response.status()}`).toBe(true);
  return response.json();
}

async function account(request: APIRequestContext, role: string, name: string) {
  const email = uniqueEmail(`sweep-${role}`);
  await api(request, "post", "/api/v1/auth/register", undefined, { email, password: PASSWORD, display_name: name, role });
  const { access_token } = await api(request, "post", "/api/v1/auth/login", undefined, { email, password: PASSWORD });
  return { email, token: access_token as string };
}

async function choose(page: Page, name: string) {
  await page.getByTestId("language-menu").first().click();
  await page.getByRole("menuitemradio", { name }).click();
}

test("every page of each role reads in each Indian language", async ({ browser, request }) => {
  test.setTimeout(600_000);
  // Names and the request in Indian scripts: the e-mails are the only Latin user content.
  const brand = await account(request, "brand", "चाय घर");
  const creator = await account(request, "creator", "தமிழ்செல்வி");
  const { request: posted } = await api(request, "post", "/api/v1/requests", brand.token, {
    title: "दिवाली मिठाई बॉक्स",
    description: "हिंदी या तमिल में त्योहार की रील।",
    niches: ["food"],
    deliverables: ["1 रील"],
    budget_min: 10000,
    budget_max: 30000,
    budget_currency: "INR",
    deadline: "2030-12-20",
  });
  const { interest } = await api(request, "post", `/api/v1/requests/${posted.id}/interests`, creator.token);
  const { interest: accepted } = await api(request, "post", `/api/v1/interests/${interest.id}/accept`, brand.token);
  const chat = `/chats/${accepted.chat_id}`;
  // Other users' content these pages show (the demo marketplace's names,
  // titles, bios): their words are user content.
  // The request's matches appear once it is embedded.
  let matches: { items: unknown[] } = { items: [] };
  await expect
    .poll(async () => {
      matches = await api(request, "get", `/api/v1/requests/${posted.id}/matches`, brand.token);
      return matches.items.length;
    }, { timeout: 60_000 })
    .toBeGreaterThan(0);
  const words = (values: string[]) => values.flatMap((v) => v.match(/[A-Za-z]{2,}/g) ?? []);
  const shown = words([
    "E2E Admin",
    ...strings(matches),
    ...strings(await api(request, "get", "/api/v1/creator/matches", creator.token)),
  ]);

  const roles = [
    {
      who: brand,
      pages: ["/dashboard", "/account", "/requests", "/requests/new", `/requests/${posted.id}`, `/requests/${posted.id}/edit`, "/search", "/chats", chat, "/notifications", "/tasks", "/assistant", "/settings"],
    },
    {
      who: creator,
      pages: ["/dashboard", "/account", "/profile", "/matches", "/search", "/chats", chat, "/notifications", "/tasks", "/assistant", "/settings"],
    },
    { who: { email: "admin@e2e.example.com", password: "e2e admin passphrase" }, pages: ["/dashboard", "/admin/users", "/admin/moderation", "/admin/outbox", "/forgot-password", "/reset-password", "/verify-email", "/verify-email?token=sweep", "/unsubscribe?token=sweep"] },
  ];
  const problems: string[] = [];
  for (const { who, pages } of roles) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, who.email, (who as { password?: string }).password ?? PASSWORD);
    await expect(page).toHaveURL(/\/dashboard$/);
    await hydrated(page);
    for (const language of LANGUAGES) {
      await choose(page, language.name);
      await expect.poll(() => page.locator("html").getAttribute("lang")).toBe(language.code);
      for (const path of pages) {
        await page.goto(path);
        await hydrated(page);
        await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
        const lang = await page.locator("html").getAttribute("lang");
        if (lang !== language.code) problems.push(`${language.code} ${path}: <html lang="${lang}">`);
        const stray = await strayLatin(page, shown);
        if (stray.length) problems.push(`${language.code} ${path}: ${stray.join(" ")}`);
      }
      await page.evaluate(() => document.fonts.ready);
      const loaded = await page.evaluate(() =>
        Array.from(document.fonts)
          .filter((f) => f.status === "loaded")
          .map((f) => f.family.replaceAll('"', "")),
      );
      if (!loaded.includes(language.font)) problems.push(`${language.code}: ${language.font} not loaded`);
    }
    // Back to English for the other specs' sake.
    await choose(page, "English");
    await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("en");
    await context.close();
  }
  expect(problems, problems.join("\n")).toEqual([]);
});
