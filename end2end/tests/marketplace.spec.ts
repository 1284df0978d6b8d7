import { expect, test } from "@playwright/test";
import { failOnConsoleErrors, hydrated, signUp, uniqueEmail } from "./helpers";

// scripts/test loads the demo marketplace (220 creators, embedded) before the run.

/** The smallest valid PNG: one transparent pixel. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

test("a brand posts a request and sees ranked creators with scores and a breakdown", async ({ page }) => {
  const errors = failOnConsoleErrors(page);
  await signUp(page, { role: "Brand", name: "Protein Pantry", email: uniqueEmail("pantry") });
  await page.getByTestId("role-nav").getByRole("link", { name: "Requests" }).click();
  // The page's code arrives first (a lazy chunk); the dashboard stays until then.
  await expect(page.getByRole("heading", { level: 1, name: "Your collaboration requests" })).toBeVisible();
  await expect(page.getByTestId("empty-state")).toBeVisible();
  await page.getByRole("link", { name: "Post a request" }).first().click();
  await hydrated(page);

  await page.getByLabel("Title").fill("Protein snack for gym lovers");
  await page.getByLabel("Description").fill("We want fitness creators to try our high-protein millet snack after their workouts.");
  await page.getByTestId("request-form").getByLabel("Fitness").check();
  await page.getByLabel("Deliverables").fill("1 Instagram reel\n2 stories");
  await page.getByLabel("Budget from").fill("20000");
  await page.getByLabel("Budget to").fill("80000");
  await page.getByLabel("Currency").selectOption("inr");
  await page.getByLabel("Deadline").fill("2030-01-31");
  await page.getByRole("button", { name: "Publish request" }).click();

  await expect(page).toHaveURL(/\/requests\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("request-detail")).toContainText("Protein snack for gym lovers");
  // Indexed in the background; the page looks again until matches appear.
  const matches = page.getByTestId("match");
  await expect(matches.first()).toBeVisible({ timeout: 30_000 });
  expect(await matches.count()).toBeGreaterThanOrEqual(10);

  const scores = (await page.getByTestId("score").allInnerTexts()).map(Number);
  expect(scores).toEqual([...scores].sort((a, b) => b - a));
  expect(scores[0]).toBeGreaterThanOrEqual(50);
  await expect(matches.first().getByTestId("explanation")).toContainText("Fitness");
  await matches.first().getByText("Why this score").click();
  await expect(matches.first().getByTestId("breakdown")).toBeVisible();
  await expect(matches.first().locator('[data-part="semantic"]')).toHaveText(/^\d+$/);

  // A filter nobody passes: the page says so and offers the way out.
  await page.goto(page.url() + "?location=Atlantis");
  await hydrated(page);
  await expect(page.getByTestId("suggestion")).toContainText("clear the location filter");
  await page.getByTestId("suggestion").getByRole("link").click();
  await expect(page.getByTestId("match").first()).toBeVisible();

  // The filter form narrows by niche and keeps the choice in the URL.
  await page.getByTestId("match-filters").getByLabel("Niche").selectOption("fitness");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/niche=fitness/);
  await expect(page.getByTestId("match").first()).toBeVisible();
  expect(errors).toEqual([]);
});

test("a creator completes a profile with an uploaded image and reaches 100 %", async ({ page }) => {
  const errors = failOnConsoleErrors(page);
  await signUp(page, { role: "Creator", name: "Kavya Iyer", email: uniqueEmail("kavya") });
  await page.getByTestId("role-nav").getByRole("link", { name: "Profile" }).click();
  await hydrated(page);
  await expect(page.getByTestId("completeness-percent")).toHaveText("0%");

  // A bad value is named and nothing typed is lost.
  await page.getByLabel("Bio", { exact: true }).fill("சென்னை உடற்பயிற்சி பயிற்றுவிப்பாளர் — gym workouts and healthy food 💪");
  await page.getByTestId("profile-form").getByLabel("Fitness").check();
  await page.getByLabel("Engagement rate (%)").fill("150");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByTestId("profile-form").getByRole("alert").first()).toBeVisible();
  await expect(page.getByLabel("Bio", { exact: true })).toHaveValue(/சென்னை/);
  await page.getByLabel("Engagement rate (%)").fill("7.5");
  await page.getByLabel("Country code").fill("IN");
  await page.getByLabel("City").fill("Chennai");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByTestId("profile-saved")).toBeVisible();
  await expect(page.getByTestId("completeness-percent")).toHaveText(/^(6[67])%$/);

  const form = page.getByTestId("sample-form");
  await form.getByLabel("Title").fill("Pongal fitness series");
  await form.getByLabel("Text or caption").fill("5 reels, 300k views, 9% engagement.");
  await form.getByRole("button", { name: "Add sample" }).click();
  await expect(page.getByTestId("sample")).toHaveCount(1);

  await form.getByLabel("Kind").selectOption("video_link");
  await form.getByLabel("Title").fill("Morning routine reel");
  await form.getByLabel("Video link").fill("https://www.youtube.com/watch?v=abc123");
  await form.getByRole("button", { name: "Add sample" }).click();
  await expect(page.getByTestId("sample")).toHaveCount(2);

  // Not an image: refused by content, with the field named.
  await form.getByLabel("Kind").selectOption("image");
  await form.getByLabel("Title").fill("Studio shoot");
  await form.getByLabel(/Image \(PNG/).setInputFiles({ name: "shoot.png", mimeType: "image/png", buffer: Buffer.from("not a picture") });
  await form.getByRole("button", { name: "Add sample" }).click();
  await expect(form.getByRole("alert").first()).toContainText("PNG, JPEG, WebP or GIF");

  await form.getByLabel(/Image \(PNG/).setInputFiles({ name: "shoot.png", mimeType: "image/png", buffer: PNG });
  await expect(page.getByTestId("upload-preview")).toBeVisible();
  await form.getByRole("button", { name: "Add sample" }).click();
  await expect(page.getByTestId("sample")).toHaveCount(3);
  await expect(page.getByTestId("completeness-percent")).toHaveText("100%");
  const img = page.getByTestId("sample").nth(2).locator("img");
  await expect(img).toBeVisible();
  expect(await img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBe(1);
  // The two refused saves log their 422s; nothing else may fail.
  expect(errors.filter((e) => !e.includes("status of 422"))).toEqual([]);
});

test("a brand searches creators, saves the search and runs it again", async ({ page }) => {
  const errors = failOnConsoleErrors(page);
  await signUp(page, { role: "Brand", name: "Müller & Co.", email: uniqueEmail("mueller") });
  await page.getByTestId("role-nav").getByRole("link", { name: "Search" }).click();
  await hydrated(page);
  await page.getByRole("searchbox").fill("yoga and home workouts");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(/q=yoga/);
  await expect(page.getByTestId("search-hit").first()).toBeVisible();

  await page.getByLabel("Name this search").fill("Yoga creators");
  await page.getByRole("button", { name: "Save search" }).click();
  const saved = page.getByTestId("saved-search");
  await expect(saved).toHaveCount(1);
  await page.goto("/search");
  await hydrated(page);
  await saved.getByRole("link", { name: "Yoga creators" }).click();
  await expect(page).toHaveURL(/q=yoga/);
  await expect(page.getByTestId("search-hit").first()).toBeVisible();
  await saved.getByRole("button", { name: "Delete" }).click();
  await expect(saved).toHaveCount(0);
  expect(errors).toEqual([]);
});
