import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, Page, test } from "@playwright/test";
import { failOnConsoleErrors, hydrated, signUp, uniqueEmail } from "./helpers";

// Two people in two browser contexts: a brand and a creator go from an
// interest to a confirmed deal, each seeing the other's moves live.

// A 1×1 PNG: a draft file.
const PNG = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000" + "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082", "hex");

test("interest, live chat, a deal confirmed by both sides, its contract, its PDF, a reviewed draft and a payment", async ({ browser }) => {
  test.setTimeout(180_000);
  const brandContext = await browser.newContext();
  const creatorContext = await browser.newContext();
  const brand = await brandContext.newPage();
  const creator = await creatorContext.newPage();
  const brandErrors = failOnConsoleErrors(brand);
  const creatorErrors = failOnConsoleErrors(creator);
  const title = `Monsoon skincare ${Date.now()}`;

  // The brand posts a request.
  await signUp(brand, { role: "Brand", name: "Chai & Co.", email: uniqueEmail("chai") });
  await brand.goto("/requests/new");
  await hydrated(brand);
  await brand.getByLabel("Title").fill(title);
  await brand.getByLabel("Description").fill("Reels about a monsoon skincare routine for humid cities.");
  await brand.getByTestId("request-form").getByLabel("Beauty").check();
  await brand.getByLabel("Deliverables").fill("2 reels");
  await brand.getByLabel("Budget from").fill("5000");
  await brand.getByLabel("Budget to").fill("9000");
  await brand.getByLabel("Currency").selectOption("inr");
  await brand.getByLabel("Deadline").fill("2030-01-31");
  await brand.getByRole("button", { name: "Publish request" }).click();
  await expect(brand).toHaveURL(/\/requests\/[0-9a-f-]{36}$/);
  const requestUrl = new URL(brand.url()).pathname;
  await expect(brand.getByTestId("interests").getByTestId("empty-state")).toBeVisible();

  // The creator expresses interest once, with a note in Tamil.
  await signUp(creator, { role: "Creator", name: "மீனா O'Brien", email: uniqueEmail("meena") });
  await creator.goto(requestUrl);
  await hydrated(creator);
  await creator.getByLabel("A note for the brand (optional)").fill("வணக்கம்! I film skincare in Chennai's humidity.");
  await creator.getByRole("button", { name: "Express interest" }).click();
  await expect(creator.getByTestId("interest")).toHaveAttribute("data-status", "pending");
  await expect(creator.getByTestId("express-form")).toHaveCount(0);

  // The brand's bell counts it; the request page lists it; accepting opens the chat.
  await brand.reload();
  await hydrated(brand);
  await expect(brand.getByTestId("unread-count")).toHaveText("1");
  const interest = brand.getByTestId("interest");
  await expect(interest).toContainText("மீனா O'Brien");
  await expect(interest).toContainText("Chennai's humidity");
  await interest.getByRole("button", { name: "Accept and open chat" }).click();
  await expect(interest).toHaveAttribute("data-status", "accepted");
  // The creator's bell goes up without a reload.
  await expect(creator.getByTestId("unread-count")).toHaveText("1");
  await interest.getByTestId("open-chat").click();
  await expect(brand).toHaveURL(/\/chats\/[0-9a-f-]{36}$/);
  const chatUrl = new URL(brand.url()).pathname;
  await hydrated(brand);
  await expect(brand.getByTestId("chat-status")).toHaveAttribute("data-status", "active");
  await expect(brand.getByTestId("countdown")).toContainText(/47:5\d:\d\d|48:00:00/);

  // The creator finds it through the notifications page.
  await creator.getByTestId("bell").click();
  await hydrated(creator);
  await creator.getByTestId("notification").first().getByRole("link").click();
  await expect(creator).toHaveURL(chatUrl);
  await hydrated(creator);

  // Messages appear live on the other side, as plain text.
  await brand.getByLabel("Message").fill("Hello from the brand <b>not bold</b>");
  await brand.getByLabel("Message").press("Enter");
  const onCreator = creator.getByTestId("message-body");
  await expect(onCreator.last()).toHaveText("Hello from the brand <b>not bold</b>");
  await expect(creator.locator("[data-testid=message-body] b")).toHaveCount(0);
  await expect(brand.getByTestId("message").last().getByTestId("delivery")).toHaveAttribute("data-state", "sent");
  await creator.getByLabel("Message").fill("வணக்கம்! 🙏 Happy to talk terms.");
  await creator.getByRole("button", { name: "Send" }).click();
  await expect(brand.getByTestId("message-body").last()).toHaveText("வணக்கம்! 🙏 Happy to talk terms.");
  await expect(creator.getByTestId("outgoing")).toHaveCount(0);

  // The brand proposes terms; the creator sees them live.
  await brand.getByTestId("propose").click();
  await brand.getByTestId("deal-form").getByRole("button", { name: "Send terms" }).click();
  await expect(brand.getByTestId("deal-form").getByRole("alert").first()).toBeVisible();
  await brand.getByLabel("Deliverables").fill("2 reels + 3 stories");
  await brand.getByLabel("Timeline").fill("Before 15 December");
  await brand.getByLabel("Amount").fill("7500");
  await brand.getByTestId("deal-form").getByLabel("Currency").selectOption("inr");
  await brand.getByLabel("Usage rights").fill("Brand channels for 6 months");
  await brand.getByRole("button", { name: "Send terms" }).click();
  await expect(brand.getByTestId("deal-status")).toHaveAttribute("data-status", "proposed");
  await expect(creator.getByTestId("deal-amount")).toHaveText("₹7,500");

  // Each confirms; the other side sees each step; both confirmations close the chat.
  await creator.getByTestId("confirm-deal").click();
  await expect(brand.getByTestId("deal-status")).toHaveAttribute("data-status", "pending");
  await brand.getByTestId("confirm-deal").click();
  for (const page of [brand, creator]) {
    await expect(page.getByTestId("deal-status")).toHaveAttribute("data-status", "confirmed");
    await expect(page.getByTestId("chat-status")).toHaveAttribute("data-status", "closed");
    await expect(page.getByTestId("closed-note")).toBeVisible();
    await expect(page.getByTestId("composer")).toHaveCount(0);
  }

  // The deal is on both dashboards.
  for (const page of [brand, creator]) {
    await page.goto("/dashboard");
    await expect(page.getByTestId("deal-card").filter({ hasText: title })).toBeVisible();
  }

  // The brand opens the workspace and writes the contract; nothing is
  // invented, so a missing detail is asked for at its field.
  await brand.getByTestId("deal-card").filter({ hasText: title }).getByTestId("open-workspace").click();
  await expect(brand).toHaveURL(/\/deals\/[0-9a-f-]{36}$/);
  const workspaceUrl = new URL(brand.url()).pathname;
  await hydrated(brand);
  await expect(brand.getByTestId("workspace-title")).toHaveText(title);
  const details = brand.getByTestId("contract-details");
  await details.locator("#contract-d0_format").fill("Reel");
  await details.locator("#contract-d0_quantity").fill("2");
  await details.locator("#contract-d0_due").fill("2030-01-20");
  await details.locator("#contract-draft_due").fill("2030-01-10");
  await details.locator("#contract-usage_channels").fill("Brand's Instagram and website");
  await details.locator("#contract-usage_months").fill("6");
  await details.locator("#contract-exclusivity_category").fill("Skincare");
  await details.locator("#contract-exclusivity_days").fill("60");
  await details.locator("#contract-kill_fee_percent").fill("25");
  await details.locator("#contract-m0_label").fill("On signing");
  await details.locator("#contract-m0_due").fill("2030-01-05");
  await details.locator("#contract-m1_label").fill("After going live");
  await details.locator("#contract-m1_due").fill("2030-01-27");
  await details.getByRole("button", { name: "Write the contract" }).click();
  await expect(details.locator("#contract-jurisdiction")).toHaveAttribute("aria-invalid", "true");
  await details.locator("#contract-jurisdiction").fill("Mumbai");
  await details.getByRole("button", { name: "Write the contract" }).click();
  const document = brand.getByTestId("contract-document");
  await expect(document).toContainText("Collaboration agreement");
  await expect(document).toContainText("a fee of ₹7,500 in total");
  await expect(document.getByRole("row", { name: /Instagram Reel 2 20 January 2030/ })).toBeVisible();
  await expect(brand.getByTestId("contract-status")).toHaveText("Version 1 · waiting for both sides to accept");

  // The creator asks for 30 days of exclusivity instead.
  await creator.goto(workspaceUrl);
  await hydrated(creator);
  await expect(creator.getByTestId("contract-document")).toContainText("For 60 days");
  await creator.getByTestId("contract-change").click();
  await creator.getByTestId("contract-details").locator("#contract-exclusivity_days").fill("30");
  await creator.getByRole("button", { name: "Propose these changes" }).click();
  await expect(creator.getByTestId("contract-status")).toHaveText("Version 2 · waiting for both sides to accept");

  // The brand reads what changed and accepts; then the creator does.
  await brand.reload();
  await hydrated(brand);
  const diff = brand.getByTestId("contract-diff");
  await diff.locator("summary").click();
  await expect(diff).toContainText("For 30 days");
  const acceptBox = brand.getByTestId("contract-accept");
  await acceptBox.getByRole("button", { name: "Accept the contract" }).click();
  await expect(acceptBox.getByRole("alert").first()).not.toBeEmpty();
  await acceptBox.getByLabel("Your full name").fill("Ananya Rao");
  await acceptBox.getByLabel("I have read this version").check();
  await acceptBox.getByRole("button", { name: "Accept the contract" }).click();
  await expect(brand.getByTestId("contract-you-accepted")).toBeVisible();
  await creator.reload();
  await hydrated(creator);
  const creatorAccept = creator.getByTestId("contract-accept");
  await creatorAccept.getByLabel("Your full name").fill("மீனா O'Brien");
  await creatorAccept.getByLabel("I have read this version").check();
  await creatorAccept.getByRole("button", { name: "Accept the contract" }).click();
  await expect(creator.getByTestId("contract-status")).toHaveText("Final: both sides accepted version 2.");
  await brand.reload();
  await hydrated(brand);
  await expect(brand.getByTestId("contract-status")).toHaveText("Final: both sides accepted version 2.");
  await expect(brand.getByTestId("contract-sha")).toContainText(/[0-9a-f]{64}/);

  // Both sides download the same final PDF; its fingerprint is shown.
  const pdfOf = async (page: Page) => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("contract-pdf").click()]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const bytes = readFileSync((await download.path())!);
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    return createHash("sha256").update(bytes).digest("hex");
  };
  const brandPdf = await pdfOf(brand);
  expect(await pdfOf(creator)).toBe(brandPdf);
  await brand.reload();
  await hydrated(brand);
  await expect(brand.getByTestId("contract-pdf-sha")).toContainText(brandPdf);

  // Deliverables: the creator sends a draft file; the brand downloads it
  // and asks for a change; the second draft, a link, is approved; the
  // creator adds the live post's link.
  await creator.getByTestId("tab-deliverables").click();
  const creatorItem = creator.getByTestId("deliverable").first();
  await expect(creatorItem).toContainText("1. Instagram · Reel × 2");
  await expect(creatorItem.getByTestId("deliverable-status")).toHaveText("Draft not sent yet");
  let sendForm = creatorItem.getByTestId("submission-form");
  await sendForm.getByRole("button", { name: "Send", exact: true }).click();
  await expect(sendForm.getByRole("alert").first()).not.toBeEmpty();
  await sendForm.getByLabel(/Or upload a file/).setInputFiles({ name: "cut1.png", mimeType: "image/png", buffer: PNG });
  await sendForm.getByLabel("Note (optional)").fill("पहला कट — the first cut");
  await sendForm.getByRole("button", { name: "Send", exact: true }).click();
  await expect(creatorItem.getByTestId("deliverable-status")).toHaveText("Draft in review");
  await expect(creatorItem.getByTestId("deliverable-waiting")).toHaveText("Waiting for the brand's review");

  await brand.getByTestId("tab-deliverables").click();
  const brandItem = brand.getByTestId("deliverable").first();
  await expect(brandItem.getByTestId("deliverable-status")).toHaveText("Draft in review");
  await expect(brandItem).toContainText("पहला कट — the first cut");
  const [draftFile] = await Promise.all([brand.waitForEvent("download"), brandItem.getByTestId("submission-file").click()]);
  expect(readFileSync((await draftFile.path())!).equals(PNG)).toBe(true);
  await brandItem.getByTestId("review-changes").click();
  await brandItem.getByRole("button", { name: "Send", exact: true }).click();
  await expect(brandItem.getByTestId("review-box").getByRole("alert").first()).not.toBeEmpty();
  await brandItem.getByLabel("What should change?").fill("Show the pack in the first 3 seconds");
  await brandItem.getByRole("button", { name: "Send", exact: true }).click();
  await expect(brandItem.getByTestId("deliverable-status")).toHaveText("Changes asked for");
  await expect(brandItem.getByTestId("deliverable-rounds")).toHaveText("Revision rounds used: 1 of 2");

  await creator.reload();
  await hydrated(creator);
  await creator.getByTestId("tab-deliverables").click();
  await expect(creatorItem.getByTestId("review-note")).toHaveText("Show the pack in the first 3 seconds");
  sendForm = creatorItem.getByTestId("submission-form");
  await sendForm.getByLabel("Link to the draft").fill("https://drive.example.com/file/d/cut-2");
  await sendForm.getByRole("button", { name: "Send", exact: true }).click();
  await expect(creatorItem.getByTestId("deliverable-status")).toHaveText("Draft in review");

  await brand.reload();
  await hydrated(brand);
  await brand.getByTestId("tab-deliverables").click();
  await brandItem.getByTestId("review-approve").click();
  await expect(brandItem.getByTestId("deliverable-status")).toHaveText("Approved — ready to post");

  await creator.reload();
  await hydrated(creator);
  await creator.getByTestId("tab-deliverables").click();
  sendForm = creatorItem.getByTestId("submission-form");
  await sendForm.getByLabel("Link to the live post").fill("https://www.instagram.com/reel/monsoon-1/");
  await sendForm.getByRole("button", { name: "Send", exact: true }).click();
  await expect(creatorItem.getByTestId("deliverable-status")).toHaveText("Live");
  await expect(creatorItem.getByTestId("deliverable-live")).toHaveAttribute("href", "https://www.instagram.com/reel/monsoon-1/");
  await expect(creatorItem.getByTestId("submission")).toHaveCount(3);

  // Payments: the schedule of the final contract. The brand records the
  // first payment (paying early is fine); the creator confirms it.
  await brand.getByTestId("tab-payments").click();
  const brandMilestones = brand.getByTestId("milestone");
  await expect(brandMilestones).toHaveCount(2);
  const first = brandMilestones.first();
  await expect(first).toContainText("1. On signing");
  await expect(first.getByTestId("milestone-amount")).toHaveText("₹3,750");
  await expect(first.getByTestId("milestone-status")).toHaveText("Scheduled");
  await expect(brand.getByTestId("payments-received")).toHaveText("₹0 of ₹7,500 received");
  await first.getByTestId("milestone-mark-paid").click();
  const payForm = first.getByTestId("mark-paid-form");
  await payForm.getByRole("button", { name: "Save payment" }).click();
  await expect(payForm.getByRole("alert").first()).not.toBeEmpty();
  await payForm.getByLabel("Payment reference").fill("UTR 412345678901");
  await payForm.getByRole("button", { name: "Save payment" }).click();
  await expect(first.getByTestId("milestone-status")).toHaveText("Paid, awaiting confirmation");
  await expect(first.getByTestId("milestone-paid")).toContainText("UTR 412345678901");
  await expect(first.getByTestId("milestone-mark-paid")).toHaveCount(0);

  await creator.reload();
  await hydrated(creator);
  await creator.getByTestId("tab-payments").click();
  const creatorFirst = creator.getByTestId("milestone").first();
  await expect(creatorFirst.getByTestId("milestone-status")).toHaveText("Paid, awaiting confirmation");
  await creatorFirst.getByTestId("milestone-confirm").click();
  await expect(creatorFirst.getByTestId("milestone-status")).toHaveText("Received");
  await expect(creator.getByTestId("payments-received")).toHaveText("₹3,750 of ₹7,500 received");
  await expect(creator.getByTestId("milestone").nth(1).getByTestId("milestone-confirm")).toHaveCount(0);

  // The creator's payment history for the year, as CSV and as PDF.
  const report = creator.getByTestId("payment-report");
  const [csv] = await Promise.all([creator.waitForEvent("download"), report.getByTestId("report-csv").click()]);
  expect(csv.suggestedFilename()).toMatch(/^mat-cha-payments-20\d\d-\d\d\.csv$/);
  const lines = readFileSync((await csv.path())!, "utf8").split("\r\n");
  expect(lines.find((l) => l.includes("UTR 412345678901")), lines.join("\n")).toContain(",3750,INR,completed,");
  const [pdf] = await Promise.all([creator.waitForEvent("download"), report.getByTestId("report-pdf").click()]);
  expect(readFileSync((await pdf.path())!).subarray(0, 5).toString("latin1")).toBe("%PDF-");
  expect(brandErrors).toEqual([]);
  expect(creatorErrors).toEqual([]);
  await brandContext.close();
  await creatorContext.close();
});
