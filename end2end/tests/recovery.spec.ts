import { expect, test } from "@playwright/test";
import { failOnConsoleErrors, hydrated, PASSWORD, signIn, signUp, uniqueEmail } from "./helpers";

// A forgotten password, end to end: the link is asked for from the sign-in
// page, the mail is read where the embedded default keeps it (the admin
// Outbox: no SMTP server in this run), and its link sets a new password
// that signs in; the old one no longer does, and the link works only once.

test("a forgotten password is reset through the mailed link, and the link works once", async ({ browser }) => {
  const email = uniqueEmail("o'brien");
  const user = await browser.newContext();
  const page = await user.newPage();
  const errors = failOnConsoleErrors(page);
  await signUp(page, { role: "Creator", name: "Siobhan O'Brien", email });
  await user.clearCookies();

  await page.goto("/signin");
  await hydrated(page);
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
  // A mistyped address is named at its field.
  await page.getByLabel("E-mail").fill("not an address");
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.locator("#field-email-error")).not.toBeEmpty();
  await expect(page.getByLabel("E-mail")).toHaveValue("not an address");
  await page.getByLabel("E-mail").fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByTestId("reset-sent")).toContainText("Check your e-mail");

  // The admin reads it in the Outbox, as the user would receive it.
  const ops = await browser.newContext();
  const admin = await ops.newPage();
  await signIn(admin, "admin@e2e.example.com", "e2e admin passphrase");
  await admin.getByTestId("role-nav").getByRole("link", { name: "Outbox" }).click();
  await expect(admin).toHaveURL(/\/admin\/outbox$/);
  await hydrated(admin);
  await admin.getByLabel("Recipient").fill(email);
  await admin.getByRole("button", { name: "Show" }).click();
  const mail = admin.getByTestId("mail").first();
  // Delivered by the job queue within moments: "kept", as there is no SMTP server.
  await expect(async () => {
    await admin.reload();
    await expect(mail).toHaveAttribute("data-status", "kept", { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(mail.getByTestId("mail-subject")).toHaveText("Reset your MAT-CHA password");
  await mail.locator("summary").click();
  await expect(mail.getByTestId("mail-headers")).toContainText("Message-ID: <");
  await expect(mail.getByTestId("mail-headers")).not.toContainText("List-Unsubscribe");
  const html = admin.frameLocator('[data-testid="mail-html"]').first();
  await expect(html.getByRole("link", { name: "Choose a new password" })).toBeVisible();
  const text = (await mail.getByTestId("mail-text").textContent()) ?? "";
  const link = text.match(/https?:\/\/\S+\/reset-password\?token=\S+/)?.[0];
  expect(link, text).toBeTruthy();
  const { pathname, search } = new URL(link!);

  // The link's page: two different passwords are refused, nothing typed is lost.
  await page.goto(pathname + search);
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  const fresh = "a fresh passphrase for Müller";
  await page.getByLabel("New password", { exact: true }).fill(fresh);
  await page.getByLabel("New password again").fill(fresh + "!");
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(page.getByText("The two passwords are not the same.")).toBeVisible();
  await expect(page.getByLabel("New password", { exact: true })).toHaveValue(fresh);
  await page.getByLabel("New password again").fill(fresh);
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(page.getByTestId("reset-done")).toContainText("Your password has been changed");

  // The old password no longer signs in; the new one does.
  await page.getByTestId("reset-done").getByRole("link", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await hydrated(page);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("form-error")).toHaveText("The e-mail or password is not right.");
  await signIn(page, email, fresh);
  await expect(page).toHaveURL(/\/dashboard$/);

  // Used once: the link says so and offers a new one.
  await page.goto(pathname + search);
  await hydrated(page);
  await page.getByLabel("New password", { exact: true }).fill("yet another passphrase");
  await page.getByLabel("New password again").fill("yet another passphrase");
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(page.getByTestId("reset-link-problem")).toContainText("This reset link has already been used.");
  await page.getByRole("link", { name: "Ask for a new link" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  // The refused forms answer 422 and the wrong password 401, which the
  // browser logs; nothing else may.
  expect(errors.filter((e) => !/status of (422|401)/.test(e))).toEqual([]);
  await user.close();
  await ops.close();
});
