import { expect, test } from "@playwright/test";
import { failOnConsoleErrors, signIn, signUp, uniqueEmail } from "./helpers";

// scripts/test creates this admin with `server admin create` before the run.
const ADMIN = { email: "admin@e2e.example.com", password: "e2e admin passphrase" };

test("an admin made on the command line signs in and pages through accounts", async ({ page }) => {
  const errors = failOnConsoleErrors(page);
  await signIn(page, ADMIN.email, ADMIN.password);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId("role-badge")).toHaveText("Admin");
  await page.getByTestId("role-nav").getByRole("link", { name: "Accounts" }).click();
  await expect(page.getByRole("heading", { name: "Accounts" })).toBeVisible();
  // The demo marketplace is loaded too, so there are several pages.
  await expect(page.getByText(/Page 1 of \d+/)).toBeVisible();
  await expect(page.getByRole("cell", { name: /@demo\.mat-cha\.app$/ }).first()).toBeVisible();
  await page.getByRole("link", { name: "Next" }).click();
  await expect(page.getByText(/Page 2 of \d+/)).toBeVisible();
  expect(errors).toEqual([]);
});

test("creators have no accounts page in their navigation and cannot open it", async ({ page }) => {
  await signUp(page, { role: "Creator", name: "Curious Creator", email: uniqueEmail("curious") });
  await expect(page.getByTestId("role-nav").getByRole("link", { name: "Accounts" })).toHaveCount(0);
  await page.goto("/admin/users");
  await expect(page.getByRole("alert")).toContainText("Only administrators");
});
