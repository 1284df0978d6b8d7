import { expect, test } from "@playwright/test";
import { createHash, randomBytes } from "node:crypto";
import { failOnConsoleErrors, hydrated, PASSWORD, signUp, uniqueEmail } from "./helpers";

// An outside app (an MCP client) signs in the way the MCP authorization spec
// says: it registers itself, sends the user to the consent page (signing in
// first), gets a code back at its loopback address, swaps it with PKCE for
// tokens and calls /mcp. The user then removes the app on the Settings page
// and its token stops working.

const CALLBACK = "http://127.0.0.1:45913/callback";

function pkce() {
  const verifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  return { verifier, challenge };
}

test("an MCP client is allowed on the consent page and removed in Settings", async ({ page, request, baseURL }) => {
  test.setTimeout(90_000);
  const errors = failOnConsoleErrors(page);
  const email = uniqueEmail("oauth");

  // An account exists; the browser is signed out.
  await signUp(page, { role: "Creator", name: "Priya Müller", email });
  // Leave the dashboard first: its requests still in flight would meet a 401.
  await page.goto("about:blank");
  await page.context().clearCookies();

  // Discovery and registration, as a client does them.
  const resource = await (await request.get("/.well-known/oauth-protected-resource/mcp")).json();
  const issuer = resource.authorization_servers[0];
  const server = await (await request.get(`${issuer}/.well-known/oauth-authorization-server`)).json();
  const registered = await request.post(server.registration_endpoint, {
    data: { client_name: "E2E MCP client", redirect_uris: ["http://127.0.0.1/callback"] },
  });
  expect(registered.status()).toBe(201);
  const { client_id } = await registered.json();

  const { verifier, challenge } = pkce();
  const authorize = new URL(server.authorization_endpoint);
  for (const [k, v] of Object.entries({
    response_type: "code",
    client_id,
    redirect_uri: CALLBACK,
    code_challenge: challenge,
    code_challenge_method: "S256",
    scope: "tasks:read tasks:write",
    state: "e2e-state",
    resource: resource.resource,
  })) {
    authorize.searchParams.set(k, v);
  }

  // The app's loopback listener, played by route interception.
  let returned = "";
  await page.route(`${CALLBACK}**`, (route) => {
    returned = route.request().url();
    return route.fulfill({ contentType: "text/plain", body: "You can close this window." });
  });

  // Signed out: sign in first, then the consent page comes back.
  await page.goto(authorize.toString());
  await expect(page).toHaveURL(/\/signin\?next=/);
  await hydrated(page);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/oauth\/authorize\?/);
  await hydrated(page);
  await expect(page.getByTestId("consent-client")).toHaveText("E2E MCP client wants to use your MAT-CHA account");
  await expect(page.getByTestId("consent-scopes")).toContainText("See your tasks");
  await expect(page.getByTestId("consent-scopes")).toContainText("Add, change, complete and delete your tasks");
  await expect(page.getByTestId("consent")).toContainText("127.0.0.1:45913");
  await page.getByRole("button", { name: "Allow" }).click();
  await expect.poll(() => returned).toContain(CALLBACK);

  const answer = new URL(returned);
  expect(answer.searchParams.get("state")).toBe("e2e-state");
  const code = answer.searchParams.get("code")!;
  const tokens = await request.post(server.token_endpoint, {
    form: { grant_type: "authorization_code", code, redirect_uri: CALLBACK, client_id, code_verifier: verifier },
  });
  expect(tokens.status()).toBe(200);
  const { access_token } = await tokens.json();
  const listTools = () =>
    request.post("/mcp", {
      headers: { Authorization: `Bearer ${access_token}`, Accept: "application/json, text/event-stream" },
      data: { jsonrpc: "2.0", id: 1, method: "tools/list" },
    });
  const listed = await listTools();
  expect(listed.status()).toBe(200);
  expect((await listed.json()).result.tools).toHaveLength(5);

  // Settings lists the app; removing it ends its access at once.
  await page.goto("/settings");
  await hydrated(page);
  const row = page.getByTestId("app-row").filter({ hasText: "E2E MCP client" });
  await expect(row).toContainText("See your tasks");
  page.once("dialog", (dialog) => dialog.accept());
  await row.getByRole("button", { name: "Remove access" }).click();
  await expect(row).toHaveCount(0);
  await expect(page.getByTestId("authorized-apps")).toContainText("No app has access");
  expect((await listTools()).status()).toBe(401);
  expect(errors).toEqual([]);
  expect(baseURL).toBeTruthy();
});

test("denying an app sends it access_denied and gives it nothing", async ({ page, request }) => {
  const errors = failOnConsoleErrors(page);
  await signUp(page, { role: "Brand", name: "Chai & Co.", email: uniqueEmail("oauth-deny") });
  const registered = await request.post("/oauth/register", {
    data: { client_name: "Unwanted app", redirect_uris: [CALLBACK] },
  });
  const { client_id } = await registered.json();
  const { challenge } = pkce();
  let returned = "";
  await page.route(`${CALLBACK}**`, (route) => {
    returned = route.request().url();
    return route.fulfill({ contentType: "text/plain", body: "denied" });
  });
  const query = new URLSearchParams({
    response_type: "code",
    client_id,
    redirect_uri: CALLBACK,
    code_challenge: challenge,
    code_challenge_method: "S256",
    state: "s1",
  });
  await page.goto(`/oauth/authorize?${query}`);
  await hydrated(page);
  await expect(page.getByTestId("consent-client")).toContainText("Unwanted app");
  await page.getByRole("button", { name: "Deny" }).click();
  await expect.poll(() => returned).toContain("error=access_denied");
  expect(new URL(returned).searchParams.get("code")).toBeNull();
  // Let the redirect finish before navigating again, or it interrupts the next goto.
  await page.waitForURL(`${CALLBACK}**`);

  // A request naming an address the app did not register is explained, not followed.
  await page.goto(`/oauth/authorize?${new URLSearchParams({ ...Object.fromEntries(query), redirect_uri: "https://evil.example/cb" })}`);
  await hydrated(page);
  await expect(page.getByTestId("consent-refused")).toContainText("did not register");
  expect(errors).toEqual([]);
});
