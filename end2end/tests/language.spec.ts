import { expect, test } from "@playwright/test";
import { failOnConsoleErrors, hydrated, PASSWORD, signUp, uniqueEmail } from "./helpers";

// The language menu in the header: six languages named in their own
// scripts; choosing one switches the page in place, keeps what was typed,
// and is remembered (cookie for visitors, the account once signed in).

const htmlLang = (page: import("@playwright/test").Page) => page.locator("html").getAttribute("lang");

async function choose(page: import("@playwright/test").Page, name: string) {
  await page.getByTestId("language-menu").first().click();
  await page.getByRole("menuitemradio", { name }).click();
}

test("a visitor switches sign-up to Hindi in place and keeps what was typed", async ({ page }) => {
  const errors = failOnConsoleErrors(page);
  await page.goto("/signup");
  await hydrated(page);
  expect(await htmlLang(page)).toBe("en");
  await page.getByLabel("Display name").fill("Priya Müller");
  await page.getByLabel("E-mail").fill("priya@exam");
  await page.evaluate(() => ((window as any).__same_page = true));

  await page.getByTestId("language-menu").first().click();
  const items = page.getByRole("menuitemradio");
  await expect(items).toHaveText(["English", "हिन्दी", "தமிழ்", "తెలుగు", "বাংলা", "मराठी"]);
  await expect(page.getByRole("menuitemradio", { name: "English" })).toHaveAttribute("aria-checked", "true");
  await page.getByRole("menuitemradio", { name: "हिन्दी" }).click();

  await expect(page.getByRole("heading", { name: "अपना खाता बनाइए" })).toBeVisible();
  await expect.poll(() => htmlLang(page)).toBe("hi");
  await expect(page.getByRole("menuitemradio")).toHaveCount(0);
  // No reload: the same document, and the half-typed fields are intact.
  expect(await page.evaluate(() => (window as any).__same_page)).toBe(true);
  await expect(page.getByLabel("दिखने वाला नाम")).toHaveValue("Priya Müller");
  await expect(page.getByLabel("ई-मेल")).toHaveValue("priya@exam");

  // The cookie remembers it on the next visit.
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("वह क्रिएटर पाइए जिसकी आपके ब्रांड को तलाश थी");
  expect(await htmlLang(page)).toBe("hi");
  expect(errors).toEqual([]);
});

test("Escape closes the menu and leaves the language as it was", async ({ page }) => {
  await page.goto("/");
  await hydrated(page);
  await page.getByTestId("language-menu").first().click();
  await expect(page.getByRole("menuitemradio")).toHaveCount(6);
  await page.keyboard.press("Escape");
  await expect(page.getByRole("menuitemradio")).toHaveCount(0);
  expect(await htmlLang(page)).toBe("en");
});

test.describe("a browser that asks for Tamil", () => {
  test.use({ locale: "ta-IN" });
  test("gets Tamil on a first visit, its strings fetched once and the page interactive in Tamil", async ({ page }) => {
    const errors = failOnConsoleErrors(page);
    const strings: string[] = [];
    page.on("request", (r) => new URL(r.url()).pathname.startsWith("/i18n/") && strings.push(new URL(r.url()).pathname));
    await page.goto("/signup");
    expect(await htmlLang(page)).toBe("ta");
    await hydrated(page);
    await expect(page.getByRole("banner").getByRole("link", { name: "உள்நுழை" })).toBeVisible();
    expect(strings).toEqual([expect.stringMatching(/^\/i18n\/ta\.[0-9a-f]{16}\.json$/)]);
    // Hydrated with the Tamil strings: a field error appears in Tamil.
    await page.getByRole("button", { name: "கணக்கை உருவாக்கு", exact: true }).click();
    await expect(page.locator("#field-email-error")).toHaveText(/\S/);
    await expect(page.locator("#field-email-error")).not.toHaveText(/[A-Za-z]{4}/);
    // Back to English, nothing more to fetch; to Hindi, one file more.
    await choose(page, "English");
    await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
    await choose(page, "हिन्दी");
    await expect.poll(() => htmlLang(page)).toBe("hi");
    expect(strings).toHaveLength(2);
    // The empty form's 422 is the only complaint: no hydration error.
    expect(errors.filter((e) => !e.includes("422"))).toEqual([]);
  });
});

test("a signed-in choice is kept on the account, in Settings, and after signing in again", async ({ page }) => {
  const errors = failOnConsoleErrors(page);
  const email = uniqueEmail("language");
  await signUp(page, { role: "Creator", name: "Meena Iyer", email });
  await hydrated(page);
  await choose(page, "தமிழ்");
  await expect(page.getByTestId("role-nav").getByRole("link", { name: "டாஷ்போர்டு" })).toBeVisible();
  await expect.poll(() => htmlLang(page)).toBe("ta");

  await page.getByTestId("role-nav").getByRole("link", { name: "அமைப்புகள்" }).click();
  await expect(page).toHaveURL(/\/settings$/);
  const select = page.getByTestId("language-setting").getByRole("combobox");
  await expect(select).toHaveValue("ta");
  await select.selectOption("mr");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("सेटिंग्ज");
  await expect(page.getByTestId("language-setting").getByRole("status")).toHaveText("जतन झाले.");

  // A fresh browser: nothing remembered but the account.
  await page.context().clearCookies();
  await page.goto("/signin");
  await hydrated(page);
  expect(await htmlLang(page)).toBe("en");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect.poll(() => htmlLang(page)).toBe("mr");
  await expect(page.getByTestId("role-nav").getByRole("link", { name: "डॅशबोर्ड" })).toBeVisible();
  expect(errors).toEqual([]);
});
