import { expect, type Page, test } from "@playwright/test";
import { failOnConsoleErrors, hydrated, PASSWORD, signIn, signUp, uniqueEmail } from "./helpers";

/** The link in the newest mail to `email`, read by the admin in the Outbox
 * as the user would receive it ("kept": there is no SMTP server in this
 * run), after checking its subject, button and headers. */
async function mailedLink(admin: Page, email: string, mail: { subject: string; button: string; path: string }) {
  await signIn(admin, "admin@e2e.example.com", "e2e admin passphrase");
  await admin.getByTestId("role-nav").getByRole("link", { name: "Outbox" }).click();
  await expect(admin).toHaveURL(/\/admin\/outbox$/);
  await hydrated(admin);
  await admin.getByLabel("Recipient").fill(email);
  await admin.getByRole("button", { name: "Show" }).click();
  const newest = admin.getByTestId("mail").first();
  // Delivered by the job queue within moments.
  await expect(async () => {
    await admin.reload();
    await expect(newest).toHaveAttribute("data-status", "kept", { timeout: 1_000 });
    await expect(newest.getByTestId("mail-subject")).toHaveText(mail.subject, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await newest.locator("summary").click();
  await expect(newest.getByTestId("mail-headers")).toContainText("Message-ID: <");
  await expect(newest.getByTestId("mail-headers")).not.toContainText("List-Unsubscribe");
  const html = admin.frameLocator('[data-testid="mail-html"]').first();
  await expect(html.getByRole("link", { name: mail.button })).toBeVisible();
  const text = (await newest.getByTestId("mail-text").textContent()) ?? "";
  const link = text.match(new RegExp(`https?://\\S+${mail.path}\\?token=\\S+`))?.[0];
  expect(link, text).toBeTruthy();
  return new URL(link!);
}

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
  const { pathname, search } = await mailedLink(await ops.newPage(), email, {
    subject: "Reset your MAT-CHA password",
    button: "Choose a new password",
    path: "/reset-password",
  });

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

test("a new account confirms its address from the mailed link, and the dashboard stops asking", async ({ browser }) => {
  const email = uniqueEmail("müller");
  const user = await browser.newContext();
  const page = await user.newPage();
  const errors = failOnConsoleErrors(page);
  await signUp(page, { role: "Brand", name: "Jürgen Müller", email });
  await hydrated(page);
  const banner = page.getByTestId("verify-banner");
  await expect(banner).toContainText("Please confirm your e-mail address");
  await expect(banner).toContainText(email);
  // Asked again: a second link goes; either works until one is used.
  await banner.getByRole("button", { name: "Send the link again" }).click();
  await expect(banner.getByTestId("verify-resent")).toContainText(`A new link is on its way to ${email}.`);

  const ops = await browser.newContext();
  const { pathname, search } = await mailedLink(await ops.newPage(), email, {
    subject: "Confirm your e-mail address for MAT-CHA",
    button: "Confirm my e-mail address",
    path: "/verify-email",
  });

  // Opening the link confirms nothing by itself (mail scanners open links):
  // the button does.
  await page.goto(pathname + search);
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "Confirm your e-mail address" })).toBeVisible();
  await page.getByRole("button", { name: "Confirm my e-mail address" }).click();
  await expect(page.getByTestId("verify-done")).toContainText("Your e-mail address is confirmed");
  await page.getByTestId("verify-done").getByRole("link", { name: "Go to your dashboard" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId("greeting")).toBeVisible();
  await expect(page.getByTestId("verify-banner")).toHaveCount(0);

  // Used once: the page says so.
  await page.goto(pathname + search);
  await hydrated(page);
  await page.getByRole("button", { name: "Confirm my e-mail address" }).click();
  await expect(page.getByTestId("verify-link-problem")).toContainText("This confirmation link has already been used.");
  expect(errors.filter((e) => !/status of 422/.test(e))).toEqual([]);
  await user.close();
  await ops.close();
});

test("a notification preference changed on Settings is kept", async ({ page }) => {
  const errors = failOnConsoleErrors(page);
  await signUp(page, { role: "Brand", name: "Ananya Rao", email: uniqueEmail("prefs") });
  await page.goto("/settings");
  await hydrated(page);
  const matrix = page.getByTestId("notification-settings");
  await expect(matrix.getByRole("heading", { name: "Notifications" })).toBeVisible();
  // Not confirmed yet: the page says mail waits for that.
  await expect(matrix).toContainText("Confirm your e-mail address to get these by e-mail.");
  const byMail = matrix.getByLabel("A creator is interested in my request · By e-mail");
  const inApp = matrix.getByLabel("Deal terms proposed · In the app");
  await expect(byMail).toBeChecked();
  await expect(inApp).toBeChecked();
  // Keyboard: the switches are checkboxes, toggled with Space.
  await byMail.focus();
  await page.keyboard.press("Space");
  await inApp.uncheck();
  // A mail's timing: at once, or held for the 9 AM digest; with its mail
  // off there is nothing to time.
  const timing = matrix.getByLabel("Deal confirmed · E-mail timing");
  await expect(timing).toHaveValue("immediately");
  await timing.selectOption({ label: "In the 9 AM digest" });
  await expect(matrix.getByLabel("A creator is interested in my request · E-mail timing")).toBeDisabled();
  await matrix.getByRole("button", { name: "Save notification settings" }).click();
  await expect(matrix.getByTestId("notification-saved")).toHaveText("Saved.");
  await page.reload();
  await hydrated(page);
  await expect(matrix.getByLabel("A creator is interested in my request · By e-mail")).not.toBeChecked();
  await expect(matrix.getByLabel("Deal terms proposed · In the app")).not.toBeChecked();
  await expect(matrix.getByLabel("Deal terms proposed · By e-mail")).toBeChecked();
  await expect(matrix.getByLabel("Deal confirmed · E-mail timing")).toHaveValue("daily");
  await expect(matrix.getByLabel("Deal terms proposed · E-mail timing")).toHaveValue("immediately");
  expect(errors).toEqual([]);
});
