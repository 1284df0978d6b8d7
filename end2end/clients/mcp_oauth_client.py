"""The official MCP Python SDK's OAuth client against the real server, given
only the URL of /mcp: it discovers the authorization server, registers
itself, sends the "browser" to the consent page, swaps the code (PKCE) for
tokens and calls the tools. The browser is played by an HTTP client with a
signed-in session: it loads the consent page (server-rendered) and allows
the app through the page's own server function.

    python mcp_oauth_client.py BASE_URL            # the check scripts/test runs
    python mcp_oauth_client.py BASE_URL bench 500  # token endpoint and tools/call timings

The bench needs a server started with a high AUTH_RATE_LIMIT_PER_MINUTE.
"""

import asyncio
import statistics
import sys
import time
import uuid
from urllib.parse import parse_qsl, urlsplit

import httpx
from mcp import ClientSession
from mcp.client.auth import OAuthClientProvider, TokenStorage
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.auth import OAuthClientInformationFull, OAuthClientMetadata, OAuthToken

CALLBACK = "http://127.0.0.1:33418/callback"


class MemoryStorage(TokenStorage):
    def __init__(self):
        self.tokens = None
        self.client = None

    async def get_tokens(self) -> OAuthToken | None:
        return self.tokens

    async def set_tokens(self, tokens: OAuthToken) -> None:
        self.tokens = tokens

    async def get_client_info(self) -> OAuthClientInformationFull | None:
        return self.client

    async def set_client_info(self, client_info: OAuthClientInformationFull) -> None:
        self.client = client_info


def check(condition, what):
    if not condition:
        sys.exit(f"FAILED: {what}")
    print(f"ok - {what}")


def query_of(url):
    return dict(parse_qsl(urlsplit(url).query))


async def signed_in_browser(base):
    browser = httpx.AsyncClient(base_url=base, headers={"origin": base})
    signed_up = await browser.post(
        "/api/auth/sign_up",
        data={
            "email": f"sdk-{uuid.uuid4().hex[:10]}@example.com",
            "password": "a long passphrase for the sdk",
            "display_name": "Anjali Iyer",
            "role": "creator",
        },
    )
    check(signed_up.status_code == 200, "the browser has a signed-in session")
    return browser


async def allow(browser, authorize_url):
    """What the user does on the consent page: read it, press Allow."""
    page = await browser.get(authorize_url)
    if page.status_code != 200 or "wants to use your MAT-CHA account" not in page.text:
        print(page.status_code, page.headers.get("location"), page.text[-3000:])
    check(page.status_code == 200 and "wants to use your MAT-CHA account" in page.text, "the consent page names the app")
    form = {f"query[{k}]": v for k, v in query_of(authorize_url).items()}
    form["allow"] = "true"
    step = (await browser.post("/api/oauth/decide", data=form)).json()
    return query_of(step["Redirect"])


async def flow(base):
    browser = await signed_in_browser(base)
    answer = {}

    async def redirect_handler(url):
        answer.update(await allow(browser, url))

    async def callback_handler():
        return answer["code"], answer.get("state")

    storage = MemoryStorage()
    provider = OAuthClientProvider(
        server_url=f"{base}/mcp",
        client_metadata=OAuthClientMetadata(
            client_name="MCP Python SDK",
            redirect_uris=[CALLBACK],
            grant_types=["authorization_code", "refresh_token"],
            response_types=["code"],
            scope="tasks:read tasks:write",
        ),
        storage=storage,
        redirect_handler=redirect_handler,
        callback_handler=callback_handler,
    )
    async with httpx.AsyncClient(auth=provider, timeout=30) as http:
        async with streamable_http_client(f"{base}/mcp", http_client=http) as (read, write, _):
            async with ClientSession(read, write) as session:
                await session.initialize()
                tools = await session.list_tools()
                check(len(tools.tools) == 5, "the SDK signed in with OAuth and lists the five tools")
                added = await session.call_tool("add_task", {"title": "Reel script for Pongal", "priority": "high"})
                check(not added.isError, "add_task works with the app's token")
                listed = await session.call_tool("list_tasks", {})
                check("Reel script for Pongal" in listed.content[0].text, "list_tasks shows it")
    check(storage.tokens.scope == "tasks:read tasks:write", "the tokens carry the scopes allowed")
    check(answer.get("iss") == base, "the code came back with the issuer (RFC 9207)")
    await browser.aclose()
    return storage


def report(what, times):
    times = sorted(times)
    p = lambda q: times[min(len(times) - 1, int(len(times) * q))] * 1000
    print(f"{what}: n={len(times)} p50={p(0.5):.2f} ms p99={p(0.99):.2f} ms max={times[-1] * 1000:.2f} ms mean={statistics.mean(times) * 1000:.2f} ms")


async def bench(base, n):
    storage = await flow(base)
    client_id = storage.client.client_id
    browser = await signed_in_browser(base)
    verifier = "bench-verifier-" + "v" * 40
    import base64
    import hashlib

    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    authorize = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": CALLBACK,
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    form = {f"query[{k}]": v for k, v in authorize.items()}
    form["allow"] = "true"
    exchanges, rotations = [], []
    async with httpx.AsyncClient(base_url=base) as http:
        refresh = None
        for _ in range(n):
            code = query_of((await browser.post("/api/oauth/decide", data=form)).json()["Redirect"])["code"]
            started = time.perf_counter()
            r = await http.post("/oauth/token", data={"grant_type": "authorization_code", "code": code, "client_id": client_id, "code_verifier": verifier})
            exchanges.append(time.perf_counter() - started)
            assert r.status_code == 200, r.text
            refresh = r.json()["refresh_token"]
        for _ in range(n):
            started = time.perf_counter()
            r = await http.post("/oauth/token", data={"grant_type": "refresh_token", "refresh_token": refresh, "client_id": client_id})
            rotations.append(time.perf_counter() - started)
            assert r.status_code == 200, r.text
            refresh = r.json()["refresh_token"]
            access = r.json()["access_token"]
    report("POST /oauth/token authorization_code", exchanges)
    report("POST /oauth/token refresh_token", rotations)
    calls = []
    headers = {"Authorization": f"Bearer {access}"}
    async with httpx.AsyncClient(headers=headers, timeout=30) as http:
        async with streamable_http_client(f"{base}/mcp", http_client=http) as (read, write, _):
            async with ClientSession(read, write) as session:
                await session.initialize()
                for _ in range(n):
                    started = time.perf_counter()
                    result = await session.call_tool("list_tasks", {})
                    calls.append(time.perf_counter() - started)
                    assert not result.isError
    report("MCP tools/call list_tasks (Python SDK, end to end)", calls)
    await browser.aclose()


if __name__ == "__main__":
    base = sys.argv[1].rstrip("/")
    if len(sys.argv) > 2 and sys.argv[2] == "bench":
        asyncio.run(bench(base, int(sys.argv[3]) if len(sys.argv) > 3 else 500))
    else:
        asyncio.run(flow(base))
