import { expect, test } from "@playwright/test";
import { failOnConsoleErrors, hydrated, signUp, uniqueEmail } from "./helpers";

// The task chat: the assistant adds a task that shows on the Tasks page;
// a task completed there is no longer "open" for the assistant.

test("the assistant and the Tasks page manage the same tasks", async ({ page }) => {
  test.setTimeout(90_000);
  const errors = failOnConsoleErrors(page);
  await signUp(page, { role: "Creator", name: "Priya Müller", email: uniqueEmail("tasks") });

  await page.goto("/assistant");
  await hydrated(page);
  await expect(page.getByTestId("assistant-empty")).toBeVisible();
  const input = page.getByTestId("assistant-input");
  await input.fill("Add a task to buy groceries tomorrow");
  await input.press("Enter");
  const reply = page.getByTestId("assistant-message").last();
  await expect(reply).toContainText("Added “Buy groceries”");
  await expect(reply.getByTestId("tool-card")).toHaveAttribute("data-tool", "add_task");
  await expect(reply.getByTestId("tool-card")).toContainText("created: Buy groceries");
  // The conversation is kept: in the address and the list.
  await expect(page).toHaveURL(/\/assistant\?c=[0-9a-f-]{36}$/);
  await expect(page.getByTestId("conversation-list")).toContainText("Add a task to buy groceries tomorrow");

  // The Tasks page shows it; add another there and complete the first.
  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Tasks" }).click();
  await expect(page).toHaveURL(/\/tasks$/);
  const groceries = page.getByTestId("task").filter({ hasText: "Buy groceries" });
  await expect(groceries).toBeVisible();
  await expect(groceries).toContainText("Due");
  await page.getByPlaceholder("What needs doing?").fill("Call the bank about the card");
  await page.getByRole("button", { name: "Add task" }).click();
  await expect(page.getByTestId("task").filter({ hasText: "Call the bank" })).toBeVisible();
  await expect(page.getByTestId("task-total")).toHaveText("2 tasks");
  await groceries.getByRole("checkbox").check();
  await expect(page.getByTestId("task").filter({ hasText: "Buy groceries" })).toHaveAttribute("data-done", "true");

  // A bad due date is named under its field and nothing is lost.
  await page.getByPlaceholder("What needs doing?").fill("Water the plants");
  await page.getByPlaceholder("e.g. tomorrow 3pm or 2026-12-01").first().fill("someday soon");
  await page.getByRole("button", { name: "Add task" }).click();
  await expect(page.getByTestId("add-task").getByRole("alert")).toContainText("Write a date like");
  await expect(page.getByPlaceholder("What needs doing?")).toHaveValue("Water the plants");

  // Delete, then undo.
  const bank = page.getByTestId("task").filter({ hasText: "Call the bank" });
  await bank.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByTestId("undo-bar")).toContainText("Call the bank");
  await expect(page.getByTestId("task").filter({ hasText: "Call the bank" })).toHaveCount(0);
  await page.getByTestId("undo-bar").getByRole("button", { name: "Undo" }).click();
  await expect(page.getByTestId("task").filter({ hasText: "Call the bank" })).toBeVisible();

  // Filters: only completed ones.
  await page.getByTestId("task-filters").getByRole("button", { name: "Completed" }).click();
  await expect(page.getByTestId("task")).toHaveCount(1);
  await expect(page.getByTestId("task")).toContainText("Buy groceries");

  // Back in the conversation, the assistant knows what is still open.
  await page.goBack();
  await page.goBack();
  await page.goto("/assistant");
  await hydrated(page);
  await page.getByTestId("conversation-list").getByRole("link").first().click();
  await expect(page.getByTestId("user-message").first()).toContainText("Add a task to buy groceries tomorrow");
  await page.getByTestId("assistant-input").fill("what's still open?");
  await page.getByRole("button", { name: "Send" }).click();
  const open = page.getByTestId("assistant-message").last();
  await expect(open).toContainText("You have 1 open task: 1. Call the bank about the card");
  await expect(open).not.toContainText("Buy groceries");
  await expect(open.getByTestId("tool-card")).toHaveAttribute("data-tool", "list_tasks");
  // A longer conversation keeps the newest answer in view.
  for (let i = 0; i < 4; i++) {
    await page.getByTestId("assistant-input").fill("show my tasks");
    await page.getByTestId("assistant-input").press("Enter");
    await expect(page.getByTestId("assistant-message")).toHaveCount(3 + i);
  }
  const scroller = page.getByTestId("assistant-scroller");
  await expect
    .poll(() => scroller.evaluate((el) => el.scrollHeight > el.clientHeight && el.scrollTop + el.clientHeight >= el.scrollHeight - 2))
    .toBe(true);
  await expect(page.getByTestId("assistant-message").last()).toBeInViewport();
  // The refused due date logs its 422; nothing else may fail.
  expect(errors.filter((e) => !e.includes("status of 422"))).toEqual([]);
});

test("personal API tokens are shown once and can be revoked", async ({ page }) => {
  const errors = failOnConsoleErrors(page);
  await signUp(page, { role: "Brand", name: "Chai & Co.", email: uniqueEmail("tokens") });
  await page.goto("/settings");
  await hydrated(page);
  await page.getByLabel("Name").fill("Claude Desktop");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByTestId("token-secret")).toHaveText(/^mct_/);
  await expect(page.getByTestId("new-token")).toContainText("/mcp");
  const row = page.getByTestId("token-row").filter({ hasText: "Claude Desktop" });
  await expect(row).toContainText("Never");
  page.once("dialog", (d) => d.accept());
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(row).toContainText("Revoked");

  await page.getByLabel("Time zone").fill("Mars/Olympus_Mons");
  await page.getByTestId("time-zone-form").getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Choose a time zone" })).toBeVisible();
  await page.getByLabel("Time zone").fill("Asia/Kolkata");
  await page.getByTestId("time-zone-form").getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  expect(errors.filter((e) => !e.includes("status of 422"))).toEqual([]);
});

test("a Tasks page open in another tab shows what the assistant changes, without a reload", async ({ context }) => {
  const tasks = await context.newPage();
  const errors = failOnConsoleErrors(tasks);
  await signUp(tasks, { role: "Creator", name: "Arun Tamil", email: uniqueEmail("live-tasks") });
  await tasks.goto("/tasks");
  await hydrated(tasks);
  await expect(tasks.getByTestId("empty-state")).toBeVisible();

  const chat = await context.newPage();
  await chat.goto("/assistant");
  await hydrated(chat);
  await chat.getByTestId("assistant-input").fill("add a task to பால் வாங்கு on Friday, urgent");
  await chat.getByTestId("assistant-input").press("Enter");
  await expect(chat.getByTestId("assistant-message").last()).toContainText("Added “பால் வாங்கு”");

  const added = tasks.getByTestId("task").filter({ hasText: "பால் வாங்கு" });
  await expect(added).toBeVisible();
  await expect(added).toContainText("High");
  await chat.getByTestId("assistant-input").fill("tick it off");
  await chat.getByTestId("assistant-input").press("Enter");
  await expect(added).toHaveAttribute("data-done", "true");
  expect(errors).toEqual([]);
});
