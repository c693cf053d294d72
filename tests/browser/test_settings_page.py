"""The user's Settings tab in a real browser (B-SET-1, B-CRED-1, B-CRED-3, issue 13).

Ticks Z-Push, locks the user with wrong passwords over the wire, sees the
unlock button, presses it, sees the confirmation once (gone after a
reload), and syncs again. The server runs on a real socket (waitress).

Issue 13: the ``?token=`` link is exchanged for an HttpOnly session cookie
(the address bar and the links no longer hold the token, scripts cannot
read the cookie); the page is not frameable and sends no Referer; a POST
from another origin is refused; with both locks (ten wrong passwords) the
page shows both and its unlock makes the right password sync again.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import requests
from waitress.server import create_server

from eas import wbxml
from eas.commands.foldersync import FolderSyncRequest
from eas.http import ACTIVESYNC_PATH, basic_authorization
from server.app import ServerApp, create_app
from server.config import ServerConfig

pytestmark = pytest.mark.browser
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


class _Clock:
    def now(self) -> datetime:
        return datetime(2026, 3, 2, 9, tzinfo=UTC)


@pytest.fixture
def served() -> Iterator[tuple[ServerApp, str]]:
    app = create_app(ServerConfig(clock=_Clock()))
    customer = app.onoffice.add_customer("DoeRealEstate")
    app.onoffice.add_user(customer.id, "jane.doe", "geheim", display_name="Jane Doe")
    server = create_server(app, host="127.0.0.1", port=0)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.getsockname()[1]}"  # type: ignore[union-attr]
    server.close()
    app.close()


def _foldersync(base: str, password: str) -> int:
    response = requests.post(
        f"{base}{ACTIVESYNC_PATH}",
        params={"Cmd": "FolderSync", "User": "jane.doe_DoeRealEstate", "DeviceId": "B1",
                "DeviceType": "iPhone"},
        data=wbxml.encode(FolderSyncRequest("0").to_tree()),
        headers={"Authorization": basic_authorization("jane.doe_DoeRealEstate", password),
                 "Content-Type": "application/vnd.ms-sync.wbxml", "MS-ASProtocolVersion": "14.1",
                 "X-MS-PolicyKey": "0"},
        timeout=10,
    )  # fmt: skip
    return response.status_code


def test_tick_zpush_lock_unlock_and_see_the_confirmation_once(
    served: tuple[ServerApp, str],
) -> None:
    from playwright.sync_api import expect, sync_playwright

    app, base = served
    page_url = f"{base}/admin/customers/DoeRealEstate/users/jane.doe?token={app.admin.token}"
    assert _foldersync(base, "geheim") == 401  # B-SET-1: not ticked yet
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page()
        answer = page.goto(page_url)
        assert answer is not None
        assert app.admin.token not in page.url  # exchanged for the session cookie
        assert app.admin.token not in page.content()
        assert page.evaluate("document.cookie") == ""  # HttpOnly
        assert answer.headers["x-frame-options"] == "DENY"
        assert answer.headers["referrer-policy"] == "no-referrer"
        page.check("#zpush")
        page.click("#save")
        expect(page.locator("#zpush")).to_be_checked()
        expect(page.locator("#unlock")).to_have_count(0)
        assert _foldersync(base, "geheim") != 401
        for _ in range(5):
            assert _foldersync(base, "falsch") == 401
        assert _foldersync(base, "geheim") == 401  # locked (B-CRED-1)
        page.reload()
        page.click("#unlock")
        expect(page.locator("#unlock-confirmation")).to_be_visible()
        expect(page.locator("#unlock")).to_have_count(0)
        page.reload()
        expect(page.locator("#unlock-confirmation")).to_have_count(0)
        browser.close()
    assert _foldersync(base, "geheim") != 401


def test_both_locks_a_foreign_origin_and_unlocking_from_the_page(
    served: tuple[ServerApp, str],
) -> None:
    from playwright.sync_api import expect, sync_playwright

    app, base = served
    user = app.onoffice.find_user("jane.doe", "DoeRealEstate")
    assert user is not None
    app.onoffice.set_user_settings(user.id, zpush=True)
    for _ in range(app.onoffice.rules.onoffice_lock_after_failures):
        assert _foldersync(base, "falsch") == 401
    assert _foldersync(base, "geheim") == 401  # both locks hold
    page_path = "/admin/customers/DoeRealEstate/users/jane.doe"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{base}{page_path}?token={app.admin.token}")
        expect(page.locator("#locked")).to_be_visible()
        expect(page.locator("#account-locked")).to_be_visible()
        csrf = page.locator('input[name="csrf"]').first.get_attribute("value")
        # The same form, with the session cookie, sent from another origin: refused.
        foreign = context.request.post(
            f"{base}{page_path}", form={"action": "unlock", "csrf": csrf or ""},
            headers={"Origin": "https://evil.example"}, max_redirects=0,
        )  # fmt: skip
        assert foreign.status == 403
        expect(page.locator("#unlock")).to_be_visible()
        page.click("#unlock")
        expect(page.locator("#unlock-confirmation")).to_be_visible()
        expect(page.locator("#locked")).to_have_count(0)
        expect(page.locator("#account-locked")).to_have_count(0)
        browser.close()
    assert _foldersync(base, "geheim") != 401  # guide 11.1: sync works again
