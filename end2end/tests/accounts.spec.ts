import { expect, test } from "@playwright/test";
import { failOnConsoleErrors, hydrated, PASSWORD, signIn, signUp, uniqueEmail } from "./helpers";

test("a creator signs up, signs out, signs back in and sees the creator shell", async ({ page }) => {
  const errors = failOnConsoleErrors(page);
  const email = uniqueEmail("creator");
  const name = "Priya Müller-O'Brien 🌸";
  await signUp(page, { role: "Creator", name, email });

  await expect(page.getByTestId("greeting")).toHaveText(`Welcome, ${name}`);
  await expect(page.getByTestId("role-badge")).toHaveText("Creator");
  await expect(page.getByTestId("role-nav")).toHaveAttribute("data-role", "creator");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();

  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/signin$/);

  await signIn(page, email);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId("greeting")).toHaveText(`Welcome, ${name}`);
  await expect(page.getByTestId("role-badge")).toHaveText("Creator");
  expect(errors).toEqual([]);
});

test("a brand signs up with a Devanagari name and sees the brand shell", async ({ page }) => {
  const errors = failOnConsoleErrors(page);
  const name = "चाय कंपनी";
  await signUp(page, { role: "Brand", name, email: uniqueEmail("brand") });
  await expect(page.getByTestId("greeting")).toHaveText(`Welcome, ${name}`);
  await expect(page.getByTestId("role-badge")).toHaveText("Brand");
  await expect(page.getByTestId("role-nav")).toHaveAttribute("data-role", "brand");
  await page.getByRole("link", { name: "Account" }).click();
  await expect(page.getByRole("heading", { name: "Account" })).toBeVisible();
  await expect(page.getByText(name).first()).toBeVisible();
  expect(errors).toEqual([]);
});

test("sign-up shows inline field errors and keeps what was typed", async ({ page }) => {
  await page.goto("/signup");
  await hydrated(page);
  await page.getByLabel("Display name").fill("தமிழ்செல்வி");
  await page.getByLabel("E-mail").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(page.locator("#field-email-error")).toHaveText("Enter a valid e-mail address, like name@example.com.");
  await expect(page.locator("#field-password-error")).toHaveText("Password must be at least 10 characters.");
  await expect(page.locator("#field-role-error")).toHaveText("Choose whether you are a brand or a creator.");
  await expect(page.getByLabel("E-mail")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Display name")).toHaveValue("தமிழ்செல்வி");
  await expect(page).toHaveURL(/\/signup/);
});

test("three wrong passwords lock the account and say when to try again", async ({ page, browser }) => {
  const email = uniqueEmail("locked");
  const other = await browser.newPage();
  await signUp(other, { role: "Creator", name: "Lock Test", email });
  await other.close();

  for (let i = 0; i < 2; i++) {
    await signIn(page, email, "wrong password here");
    await expect(page.getByTestId("form-error")).toHaveText("The e-mail or password is not right.");
  }
  await signIn(page, email, "wrong password here");
  await expect(page.getByTestId("form-error")).toContainText("This account is locked for 15 more minutes.");

  // Even the right password is refused while locked.
  await signIn(page, email, PASSWORD);
  await expect(page.getByTestId("form-error")).toContainText("locked");
  await expect(page).toHaveURL(/\/signin$/);
});

test("an unknown page shows the 404 page", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});
