"""The issue's browser scenario in headless Debian Chromium, against a real `inburgerbot demo` process.

Log in, create a client and an appointment, see the reminder preview in Arabic and Dutch, confirm
the appointment as the client through the bot side (the phone preview), and see the confirmation in
the responses list. Screenshots go to tests/artifacts/browser/ (git-ignored), kept for inspection.

Chromium comes from Debian (`chromium`, in the Makefile's SYSTEM_PACKAGES); Playwright only drives
it (`executable_path`), it never downloads a browser. A missing Chromium fails the test.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from dialogs.appointments import KIND_LABELS
from locales.catalogs import gettext_for

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "browser"
ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Demo:
    base: str
    username: str
    password: str
    admin_username: str
    admin_password: str


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """`inburgerbot demo` on a free loopback port with its own SQLite file; its printed login is read."""
    data = tmp_path_factory.mktemp("demo")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("INBURGERBOT_")}
    env.update(INBURGERBOT_DATA_DIR=str(data), INBURGERBOT_WEB_PORT=str(port), PYTHONPATH=str(ROOT))
    log = (data / "demo.log").open("w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "inburgerbot", "demo"], cwd=data, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"inburgerbot demo stopped: {(data / 'demo.log').read_text()[-2000:]}")
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        else:
            pytest.fail("inburgerbot demo did not answer within 90 s")
        printed = (data / "demo.log").read_text()
        found = re.search(r"regisseur\s+user (\S+)\s+password (\S+)", printed)
        admin = re.search(r"admin\s+user (\S+)\s+password (\S+)", printed)
        assert found and admin, "the demo did not print a regisseur and an admin login"
        yield Demo(base, found.group(1), found.group(2), admin.group(1), admin.group(2))
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install chromium (make system-deps)"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_plan_preview_confirm_and_follow_up(demo: Demo, browser: Browser) -> None:
    staff = browser.new_page(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    staff.set_default_timeout(20_000)
    staff.goto(f"{demo.base}/login")
    staff.get_by_label("Gebruikersnaam").fill(demo.username)
    staff.get_by_label("Wachtwoord").fill(demo.password)
    staff.get_by_role("button", name="Inloggen").click()
    expect(staff.get_by_role("heading", name="Caseload")).to_be_visible()
    _shot(staff, "01-caseload")

    # A new client: the invite code and QR code are shown once.
    staff.get_by_role("link", name="Nieuwe cliënt").click()
    staff.get_by_label("Naam").fill("Browser Amira")
    staff.get_by_label("Klantnummer in het zaaksysteem").fill("BT-1")
    staff.get_by_label("Taal van de cliënt").select_option("ar")
    staff.get_by_role("button", name="Cliënt opslaan en uitnodiging maken").click()
    expect(staff.locator(".qr svg")).to_be_visible()
    code = staff.locator("#invite-code").inner_text()
    _shot(staff, "02-client-invite")

    # An appointment the day after tomorrow.
    staff.get_by_role("link", name="Nieuwe afspraak").click()
    staff.get_by_label("Soort afspraak").select_option("pip_gesprek")
    staff.get_by_label("Datum").fill((date.today() + timedelta(days=2)).isoformat())
    staff.get_by_label("Tijd").fill("10:00")
    staff.get_by_label("Plaats").fill("Gemeentehuis kamer 3")
    staff.get_by_role("button", name="Afspraak opslaan").click()
    expect(staff.get_by_text("De afspraak is opgeslagen.")).to_be_visible()

    # The reminder as the client will read it: Arabic first, with the Dutch underneath.
    staff.get_by_role("link", name="Herinnering bekijken").click()
    arabic = staff.locator('[data-testid="native-ar"]')
    dutch = staff.locator('[data-testid="dutch-ar"]')
    expect(arabic).to_contain_text(gettext_for("ar", KIND_LABELS["pip_gesprek"]))
    expect(arabic).to_have_attribute("dir", "rtl")
    expect(dutch).to_contain_text(
        gettext_for("nl", "Please let us know if you can come. Tap a button below.")
    )
    expect(dutch).to_contain_text("Gemeentehuis kamer 3")
    _shot(staff, "03-reminder-preview-ar-nl")

    # The client's side: link with the code, get the reminder, tap "I'm coming".
    phone = browser.new_page(viewport={"width": 390, "height": 844}, locale="ar")
    phone.set_default_timeout(20_000)
    phone.goto(f"{demo.base}/demo/phone")
    phone.locator('button[data-action="lang:ar"]').click()
    phone.locator('button[data-action="code"]').last.click()
    phone.get_by_label("Bericht").fill(code)
    phone.get_by_role("button", name="Stuur").click()
    consent = phone.locator('button[data-action="consent:yes"]')
    if consent.count():
        consent.last.click()
    phone.get_by_role("button", name="Herinnering ontvangen").click()
    coming = phone.locator('button[data-action^="ra:"][data-action$=":c"]').last
    expect(coming).to_be_visible()
    _shot(phone, "04-phone-reminder")
    coming.click()
    expect(phone.locator(".bubble").last).to_contain_text(
        gettext_for("nl", "Thank you! We have told your case manager that you are coming.")
    )
    _shot(phone, "05-phone-confirmed")

    # Back at the desk: the confirmation is in the responses list.
    staff.goto(f"{demo.base}/responses")
    row = staff.locator("#responses-table tr", has_text="Browser Amira")
    expect(row).to_contain_text("komt")
    expect(row).to_contain_text("web")
    _shot(staff, "06-responses")
    staff.goto(f"{demo.base}/caseload")
    expect(staff.locator("tr", has_text="Browser Amira")).to_contain_text("gekoppeld")


def test_keyboard_only_login_and_skip_link(demo: Demo, browser: Browser) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{demo.base}/login")
    expect(page.get_by_label("Gebruikersnaam")).to_be_focused()  # autofocus: type straight away
    page.keyboard.type(demo.username)
    page.keyboard.press("Tab")
    page.keyboard.type(demo.password)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Caseload")).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Naar de inhoud")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    _shot(page, "07-caseload-phone-width")


def test_an_admin_reads_and_filters_the_audit_log(demo: Demo, browser: Browser) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page.set_default_timeout(20_000)
    page.goto(f"{demo.base}/login")
    page.get_by_label("Gebruikersnaam").fill(demo.admin_username)
    page.get_by_label("Wachtwoord").fill(demo.admin_password)
    page.get_by_role("button", name="Inloggen").click()
    page.goto(f"{demo.base}/admin")
    page.get_by_role("link", name="Auditlog").click()
    expect(page.get_by_role("heading", name="Auditlog")).to_be_visible()
    own_login = page.locator("#audit-table tr", has_text="ingelogd").filter(has_text=demo.admin_username)
    expect(own_login.first).to_be_visible()

    page.get_by_label("Actie").select_option(label="ingelogd")
    page.get_by_label("Gebruiker").select_option(label=f"{demo.admin_username} (beheerder)")
    page.get_by_role("button", name="Filteren").click()
    actions = page.locator('#audit-table td[data-label="Actie"]')
    expect(actions.first).to_have_text("ingelogd")
    assert set(actions.all_inner_texts()) == {"ingelogd"}
    expect(page.get_by_role("link", name="Download als CSV")).to_have_attribute(
        "href", re.compile("action=login")
    )
    _shot(page, "08-audit-log-filtered")

    page.goto(f"{demo.base}/admin/audit?from=2025-13-45")
    expect(
        page.get_by_text("De datum bij ‘Van’ (2025-13-45) is geen geldige datum (jjjj-mm-dd).")
    ).to_be_visible()
    expect(page.get_by_label("Van")).to_have_attribute("aria-invalid", "true")
    _shot(page, "09-audit-log-bad-date")
