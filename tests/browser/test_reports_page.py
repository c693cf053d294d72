"""report.html and matrix.html in a real browser, as a QA lead sees them after a run.

Runs tests/report_project (one scenario of each outcome) with ``zpush-sim
run``, opens the pages from file:// in Debian's chromium, keeps a
screenshot of each (ZPUSH_SIM_SCREENSHOTS, else the test's temporary
folder) and checks what is on the first screen, the filters and the
matrix's links.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from report_project.make import make

pytestmark = pytest.mark.browser
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
VIEWPORT = {"width": 1280, "height": 800}


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make(tmp_path_factory.mktemp("sample"))
    done = subprocess.run(
        [sys.executable, "-m", "zpush_sim", "run", "--project", str(project),
         "--report-dir", str(project / "reports")],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr  # one scenario fails on purpose
    return project / "reports"


@pytest.fixture(scope="module")
def page(reports: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        yield browser.new_page(viewport=VIEWPORT)
        browser.close()


def _screenshot(page: Any, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("ZPUSH_SIM_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / name), full_page=False)


def _on_first_screen(locator: Any) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + 10 < VIEWPORT["height"]


def test_the_first_screen_shows_the_run_and_what_failed_and_why(
    page: Any, reports: Path, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    page.goto((reports / "report.html").as_uri())
    _screenshot(page, "report.png", tmp_path)
    expect(page.locator("h1")).to_contain_text("4 scenarios against embedded")
    expect(page.locator("dl.run")).to_contain_text("Z-Push 2.7")
    expect(page.locator("#total-failed")).to_have_text("1 failed")
    failure = page.locator("section.failure").first
    step = failure.locator(".failing-step")
    expect(step).to_have_text(
        "Then her contacts app shows all 41 onOffice contacts under the account (line 25)"
    )
    expect(failure.locator(".device")).to_have_text("android (EAS 14.1)")
    expect(failure.locator(".assertion")).to_contain_text("40 contacts shown, expected 41")
    assert _on_first_screen(step) and _on_first_screen(failure.locator(".assertion"))
    conversation = failure.locator("details.conversation").first
    conversation.locator("summary").click()
    expect(conversation.locator("pre")).to_contain_text("Cmd=Sync")


def test_the_table_filters_by_outcome_topic_and_profile(page: Any, reports: Path) -> None:
    from playwright.sync_api import expect

    page.goto((reports / "report.html").as_uri())
    rows = page.locator("#scenarios tbody tr:not(.hidden)")
    expect(rows).to_have_count(4)
    page.select_option("#filter-outcome", "skipped")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("the sample target cannot arrange onOffice data")
    page.select_option("#filter-outcome", "")
    page.select_option("#filter-profile", "ios")
    expect(rows).to_have_count(1)
    expect(page.locator("#shown")).to_have_text("1")
    page.select_option("#filter-profile", "")
    page.select_option("#filter-topic", "contacts")
    expect(rows).to_have_count(4)


def test_the_matrix_explains_itself_and_its_cells_lead_to_the_scenarios(
    page: Any, reports: Path, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    page.goto((reports / "matrix.html").as_uri())
    _screenshot(page, "matrix.png", tmp_path)
    expect(page.locator("h1")).to_have_text("Behaviours x profiles")
    expect(page.locator("#legend")).to_contain_text("no scenario of this behaviour ran")
    expect(page.locator("#legend")).to_be_visible()
    row = page.locator("tr#B-CON-2")
    expect(row).to_contain_text("A device shows exactly the contacts onOffice has.")
    expect(row.locator("td.FAIL")).to_have_text("FAIL (1)")
    row.locator("td.FAIL a").click()
    expect(page).to_have_url(
        f"{(reports / 'report.html').as_uri()}#behaviour=B-CON-2&profile=android"
    )
    rows = page.locator("#scenarios tbody tr:not(.hidden)")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("A device that shows fewer contacts than expected")
    expect(page.locator("#behaviour-name")).to_have_text("B-CON-2")
