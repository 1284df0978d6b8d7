import { test, expect, Page } from "@playwright/test";
import { failOnConsoleErrors, hydrated, signUp, uniqueEmail } from "./helpers";

async function fillRequest(page: Page, title: string, description: string) {
  await page.goto("/requests/new");
  await hydrated(page);
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Description").fill(description);
  await page.getByTestId("request-form").getByLabel("Food").check();
  await page.getByLabel("Deliverables").fill("2 reels");
  await page.getByLabel("Budget from").fill("5000");
  await page.getByLabel("Budget to").fill("9000");
  await page.getByLabel("Currency").selectOption("inr");
  await page.getByLabel("Deadline").fill("2030-01-31");
  await page.getByRole("button", { name: "Publish request" }).click();
}

test("abuse is refused at the field, a phone number waits for review and says why", async ({ page }) => {
  const errors = failOnConsoleErrors(page);
  await signUp(page, { role: "Brand", name: "Chai Ghar", email: uniqueEmail("mod-brand") });

  await fillRequest(page, "Diwali sweets", "Our customers are f*cking idiots, make them buy");
  await expect(page.getByText("This text cannot be published: it reads as abuse.")).toBeVisible();
  await expect(page).toHaveURL(/\/requests\/new$/);
  // What was typed is still there to rephrase.
  await expect(page.getByLabel("Title")).toHaveValue("Diwali sweets");

  await page.getByLabel("Description").fill("Two reels on our sweets; WhatsApp me at 98765 43210 for details");
  await page.getByRole("button", { name: "Publish request" }).click();
  await expect(page).toHaveURL(/\/requests\/[0-9a-f-]{36}$/);
  const notice = page.getByTestId("moderation-notice");
  await expect(notice).toHaveAttribute("data-status", "pending_review");
  await expect(notice).toContainText("only you can see this");
  await expect(notice).toContainText("contact outside MAT-CHA");

  // In Hindi the notice and its reason are Hindi.
  await page.getByTestId("language-menu").first().click();
  await page.getByRole("menuitemradio", { name: "हिन्दी" }).click();
  await expect(notice).toContainText("समीक्षा में");
  await expect(notice).toContainText("MAT-CHA के बाहर संपर्क");
  // The refused save answers 422, which the browser logs; nothing else may.
  expect(errors.filter((e) => !e.includes("status of 422"))).toEqual([]);
});
