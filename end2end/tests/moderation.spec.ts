import { test, expect, Page } from "@playwright/test";
import { failOnConsoleErrors, hydrated, signIn, signUp, uniqueEmail } from "./helpers";

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

test("a bio with abuse is refused at its field; a creator reports a request once and is thanked", async ({ browser }) => {
  const brandContext = await browser.newContext();
  const creatorContext = await browser.newContext();
  const brand = await brandContext.newPage();
  const creator = await creatorContext.newPage();
  const brandErrors = failOnConsoleErrors(brand);
  const creatorErrors = failOnConsoleErrors(creator);

  await signUp(brand, { role: "Brand", name: "Chai Ghar", email: uniqueEmail("mod-brand2") });
  await fillRequest(brand, `Pongal reels ${Date.now()}`, "Sweet pongal and kolam reels for January");
  await expect(brand).toHaveURL(/\/requests\/[0-9a-f-]{36}$/);
  const requestUrl = new URL(brand.url()).pathname;
  // Its own brand is not offered a report.
  await expect(brand.getByTestId("request-detail")).toBeVisible();
  await expect(brand.getByTestId("report")).toHaveCount(0);

  await signUp(creator, { role: "Creator", name: "Meena", email: uniqueEmail("mod-creator") });
  await creator.goto("/profile");
  await hydrated(creator);
  await creator.getByLabel("Bio").fill("Brands who skip my rates are bastards");
  await creator.getByRole("button", { name: "Save profile" }).click();
  await expect(creator.getByText("This text cannot be published: it reads as abuse.")).toBeVisible();
  await expect(creator.getByLabel("Bio")).toHaveValue("Brands who skip my rates are bastards");

  await creator.goto(requestUrl);
  await hydrated(creator);
  const report = creator.getByTestId("report");
  await report.getByRole("button", { name: "Report" }).click();
  await report.getByLabel("What is wrong with it?").selectOption("spam_or_scam");
  await report.getByLabel("Anything a moderator should know (optional)").fill("Asked me for a fee on WhatsApp");
  await report.getByRole("button", { name: "Send report" }).click();
  await expect(creator.getByTestId("report-done")).toHaveText(
    "Thank you. A moderator will look at it, and we will tell you what they decide.",
  );

  // A second report of the same request is not filed twice.
  await creator.reload();
  await hydrated(creator);
  await report.getByRole("button", { name: "Report" }).click();
  await report.getByRole("button", { name: "Send report" }).click();
  await expect(creator.getByTestId("report-done")).toHaveText("You have already reported this.");

  expect(brandErrors).toEqual([]);
  // The refused bio (422) and the second report (409) are logged by the browser; nothing else may.
  expect(creatorErrors.filter((e) => !e.includes("status of 422") && !e.includes("status of 409"))).toEqual([]);
  await brandContext.close();
  await creatorContext.close();
});

test("report, removal with a suspension, the author's appeal and reinstatement", async ({ browser }) => {
  test.setTimeout(120_000);
  const contexts = await Promise.all([browser.newContext(), browser.newContext(), browser.newContext()]);
  const [brand, creator, admin] = await Promise.all(contexts.map((c) => c.newPage()));
  const errors = [brand, creator, admin].map((p) => failOnConsoleErrors(p));
  const title = `Holi colours ${Date.now()}`;

  await signUp(brand, { role: "Brand", name: "Rang Co.", email: uniqueEmail("mod-flow-brand") });
  await fillRequest(brand, title, "Reels with colours; pay a small fee to be shortlisted");
  await expect(brand).toHaveURL(/\/requests\/[0-9a-f-]{36}$/);
  const requestUrl = new URL(brand.url()).pathname;
  // The fee reads as a possible scam: it waits for review; the creator cannot see it yet.
  await signUp(creator, { role: "Creator", name: "Asha", email: uniqueEmail("mod-flow-creator") });

  // The admin works the queue: the case shows the text, why, and its author.
  await signIn(admin, "admin@e2e.example.com", "e2e admin passphrase");
  await expect(admin).toHaveURL(/\/dashboard$/);
  await admin.getByRole("link", { name: "Moderation" }).click();
  await expect(admin).toHaveURL(/\/admin\/moderation$/);
  await hydrated(admin);
  const card = admin.getByTestId("case").filter({ hasText: title });
  await expect(card).toHaveAttribute("data-state", "open");
  await expect(card).toContainText("a possible scam");
  await expect(card).toContainText("Rang Co.");
  await card.getByLabel("Note for the record (the author reads it)").fill("Fees to apply are not allowed on MAT-CHA");
  await card.getByRole("button", { name: "Suspend account" }).click();
  await expect(card.getByTestId("case-state")).toHaveText("Account suspended");
  await expect(card.getByTestId("case-history")).toContainText("Fees to apply are not allowed on MAT-CHA");

  // The author is told, cannot publish, and appeals once.
  await brand.goto("/dashboard");
  await hydrated(brand);
  const notice = brand.getByTestId("account-review-notice");
  await expect(notice).toHaveAttribute("data-status", "suspended");
  await notice.getByRole("link", { name: "Decisions and appeals" }).click();
  await expect(brand).toHaveURL(/\/appeals$/);
  await hydrated(brand);
  const decided = brand.getByTestId("decided-case").first();
  await expect(decided).toContainText("Fees to apply are not allowed on MAT-CHA");
  await decided.getByLabel("Why should the decision change?").fill("The fee line was a mistake and is gone.");
  await decided.getByRole("button", { name: "Send appeal" }).click();
  await expect(decided).toHaveAttribute("data-state", "appealed");
  await expect(decided.getByRole("button", { name: "Send appeal" })).toHaveCount(0);

  // The admin reads the appeal and reinstates; the account and the request are back.
  await admin.reload();
  await hydrated(admin);
  const appealed = admin.getByTestId("case").filter({ hasText: title });
  await expect(appealed.getByTestId("case-appeal")).toContainText("The fee line was a mistake and is gone.");
  await appealed.getByLabel("Note for the record (the author reads it)").fill("Thanks; cleared");
  await appealed.getByRole("button", { name: "Reinstate" }).click();
  await expect(appealed.getByTestId("case-state")).toHaveText("Reinstated");

  await brand.goto("/dashboard");
  await hydrated(brand);
  await expect(brand.getByTestId("account-review-notice")).toHaveCount(0);
  await creator.goto(requestUrl);
  await hydrated(creator);
  await expect(creator.getByTestId("request-detail")).toContainText(title);

  for (const e of errors) expect(e).toEqual([]);
  await Promise.all(contexts.map((c) => c.close()));
});

test("a chat message and its sender are reported; the removed message is hidden from its reader", async ({ browser }) => {
  test.setTimeout(120_000);
  const contexts = await Promise.all([browser.newContext(), browser.newContext(), browser.newContext()]);
  const [brand, creator, admin] = await Promise.all(contexts.map((c) => c.newPage()));
  const errors = [brand, creator, admin].map((p) => failOnConsoleErrors(p));
  const title = `Onam sadhya ${Date.now()}`;
  const rude = `Do it for free or I tell everyone you are a fraud ${Date.now()}`;

  // A chat opens the usual way: a request, an interest, an acceptance.
  await signUp(brand, { role: "Brand", name: "Sadhya House", email: uniqueEmail("mod-chat-brand") });
  await fillRequest(brand, title, "Reels of a full Onam sadhya on a banana leaf");
  await expect(brand).toHaveURL(/\/requests\/[0-9a-f-]{36}$/);
  const requestUrl = new URL(brand.url()).pathname;
  await signUp(creator, { role: "Creator", name: "Anil Menon", email: uniqueEmail("mod-chat-creator") });
  await creator.goto(requestUrl);
  await hydrated(creator);
  await creator.getByRole("button", { name: "Express interest" }).click();
  await expect(creator.getByTestId("interest")).toHaveAttribute("data-status", "pending");
  await brand.reload();
  await hydrated(brand);
  const interest = brand.getByTestId("interest");
  await interest.getByRole("button", { name: "Accept and open chat" }).click();
  await interest.getByTestId("open-chat").click();
  await expect(brand).toHaveURL(/\/chats\/[0-9a-f-]{36}$/);
  const chatUrl = new URL(brand.url()).pathname;
  await hydrated(brand);
  await creator.goto(chatUrl);
  await hydrated(creator);
  await creator.getByLabel("Message").fill(rude);
  await creator.getByLabel("Message").press("Enter");
  const message = brand.getByTestId("message").filter({ hasText: rude });
  await expect(message).toBeVisible();
  // Nobody is offered a report of their own message.
  await expect(creator.getByTestId("message").filter({ hasText: rude }).getByTestId("report")).toHaveCount(0);

  // The brand reports the message, then the account behind it.
  const report = message.getByTestId("report");
  await report.getByRole("button", { name: "Report" }).click();
  await report.getByLabel("What is wrong with it?").selectOption("abusive");
  await report.getByRole("button", { name: "Send report" }).click();
  await expect(report.getByTestId("report-done")).toContainText("Thank you.");
  const account = brand.getByTestId("chat-header").getByTestId("report");
  await account.getByRole("button", { name: "Report this account" }).click();
  await account.getByLabel("What is wrong with it?").selectOption("abusive");
  await account.getByRole("button", { name: "Send report" }).click();
  await expect(account.getByTestId("report-done")).toContainText("Thank you.");

  // The admin removes the message.
  await signIn(admin, "admin@e2e.example.com", "e2e admin passphrase");
  await expect(admin).toHaveURL(/\/dashboard$/);
  await admin.goto("/admin/moderation");
  await hydrated(admin);
  const card = admin.getByTestId("case").filter({ hasText: rude });
  await expect(card).toHaveAttribute("data-state", "open");
  await card.getByLabel("Note for the record (the author reads it)").fill("Threats are not allowed in chats");
  await card.getByRole("button", { name: "Remove" }).click();
  await expect(card.getByTestId("case-state")).toHaveText("Removed");
  // The account report waits beside it, under the sender's name.
  await expect(admin.locator("[data-testid=case][data-target=account]").filter({ hasText: "Anil Menon" }).first()).toBeVisible();

  // Its reader sees that it was removed, not its text; its sender still reads it.
  await brand.reload();
  await hydrated(brand);
  await expect(brand.getByText(rude)).toHaveCount(0);
  const hidden = brand.locator("[data-testid=message-body][data-removed=true]");
  await expect(hidden).toHaveText("This message was removed by a moderator.");
  await creator.reload();
  await hydrated(creator);
  const own = creator.getByTestId("message").filter({ hasText: rude });
  await expect(own.getByTestId("message-removed")).toHaveText("Removed by a moderator: only you can see this.");

  for (const e of errors) expect(e).toEqual([]);
  await Promise.all(contexts.map((c) => c.close()));
});
