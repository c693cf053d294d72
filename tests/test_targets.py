"""Targets: choosing one, its pre-flight, the serve target over a real socket, its clean-up."""

from __future__ import annotations

import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from server_client import serving

from server.app import create_app
from server.config import ServerConfig
from server.model import Address, Appointment, Number, NumberKind, Slot, Task
from zpush_sim.clock import OffsetClock
from zpush_sim.targets import registry
from zpush_sim.targets.base import Capability, MissingCapability, Scenario, Target
from zpush_sim.targets.serve import ServeTarget

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "test-admin-token"


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_spec_names_a_kind_and_its_url() -> None:
    assert registry.parse(None) == registry.Spec("embedded", None)
    assert registry.parse("serve:http://h:1") == registry.Spec("serve", "http://h:1")
    assert registry.parse("http://h:1") == registry.Spec("serve", "http://h:1")  # --server alias
    assert registry.parse("dav:http://u:p@h/SOGo").url == "http://u:p@h/SOGo"
    with pytest.raises(registry.SpecError, match="unknown target 'ftp'"):
        registry.parse("ftp:x")
    with pytest.raises(registry.SpecError, match="needs a URL"):
        registry.parse("serve")


def test_plug_ins_join_through_the_entry_point_group() -> None:
    # interop ships the sogo kind as this project's own example of a plug-in.
    assert "sogo" in registry.known()


def test_zpush_sim_run_against_a_closed_port_is_one_line_and_exit_2() -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    for flags in (["--target", f"serve:{url}"], ["--server", url]):
        done = subprocess.run(
            [sys.executable, "-m", "zpush_sim", "run", *flags],
            cwd=ROOT, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert done.returncode == 2, done.stdout + done.stderr
        assert done.stderr.count("\n") == 1, done.stderr
        assert "does not answer" in done.stderr and "Running" not in done.stdout


def test_the_pytest_option_against_a_closed_port_exits_2_before_any_scenario() -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "features/mail.feature", "-q", "-p", "no:cacheprovider",
         "--target", f"serve:{url}"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2, done.stdout + done.stderr
    assert "does not answer" in done.stdout + done.stderr
    assert "passed" not in done.stdout and "skipped" not in done.stdout


def test_a_wrong_admin_token_fails_the_pre_flight() -> None:
    app = create_app(ServerConfig(admin_token=TOKEN, clock=OffsetClock()))
    with serving(app) as url:
        spec = registry.parse(f"serve:{url}")
        assert registry.preflight(spec, registry.Options(admin_token=TOKEN)) is None
        problem = registry.preflight(spec, registry.Options(admin_token="wrong"))
    assert problem is not None and "admin token" in problem


def test_a_missing_capability_skips_naming_it() -> None:
    bare = Target("http://example.invalid")
    assert bare.missing(frozenset({"onoffice-rules", "create-users"})) == [
        "create-users",
        "onoffice-rules",
    ]
    with pytest.raises(MissingCapability, match="needs capability 'create-users'"):
        bare.add_user("Jane", "Doe", "DoeRealEstate", "demo")


def test_real_text_puts_the_unique_customer_in_logins_keeping_their_spelling() -> None:
    target = Target()
    target.names["DoeRealEstate"] = "DoeRealEstateT1234abcd"
    assert target.real_text("jane.doe_DoeRealEstate@onoffice.de") == (
        "jane.doe_DoeRealEstateT1234abcd@onoffice.de"
    )
    # B-MAN-2: a wrongly cased customer stays wrongly cased.
    assert target.real_text("jane.doe_doerealestate") == "jane.doe_doerealestateT1234abcd"


@pytest.fixture
def live_url() -> object:
    app = create_app(ServerConfig(admin_token=TOKEN, clock=OffsetClock()))
    with serving(app) as url:
        yield url


def test_the_serve_target_arranges_reads_back_and_removes_everything(live_url: str) -> None:
    target = ServeTarget(live_url, TOKEN)
    target.start(Scenario("test"))
    jane = target.add_user("Jane", "Doe", "DoeRealEstate", "demo")
    assert jane.customer.startswith("DoeRealEstateT") and jane.login.startswith("jane.doe_")
    made = target.add_address(jane, Address("Max", "Mustermann", onoffice_sync=True))
    target.add_number(jane, made, Number(NumberKind.MOBILE, "+49 151 1", False, Slot.MOBILE))
    [stored] = target.addresses(jane)
    assert stored.name == "Max Mustermann" and stored.numbers[0].slot is Slot.MOBILE
    start = datetime(2026, 3, 4, 10, tzinfo=UTC)
    target.add_appointment(jane, Appointment("Besichtigung", start, start + timedelta(hours=1),
                                             user_id=jane.user_id))  # fmt: skip
    assert [a.subject for a in target.appointments(jane)] == ["Besichtigung"]
    task = target.add_task(jane, Task("Mieter anrufen", responsible_id=jane.user_id))
    target.update_task(jane, Task("Mieter anrufen!", responsible_id=jane.user_id, id=task.id))
    assert [t.subject for t in target.tasks(jane)] == ["Mieter anrufen!"]
    assert target.user(jane).zpush
    target.close()
    headers = {"Authorization": f"Bearer {TOKEN}"}
    gone = requests.get(f"{live_url}/admin/api/customers/{jane.customer}", headers=headers)
    assert gone.status_code == 404


def test_the_serve_target_sets_and_moves_the_server_clock_and_puts_it_back(live_url: str) -> None:
    devices = OffsetClock()
    target = ServeTarget(live_url, TOKEN, devices)
    target.today_is(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    server_now = target.now_real()
    assert (server_now.hour, server_now.minute) == (9, 0)
    assert server_now.date() == datetime.now(UTC).date()  # dates shift, the hour is kept
    assert target.shift.days == (datetime.now(UTC).date() - datetime(2026, 3, 2).date()).days
    target.pass_time(timedelta(hours=2))
    assert target.now_real().hour == 11
    assert abs(devices.now() - target.now_real()) < timedelta(seconds=5)
    target.close()
    assert abs(ServeTarget(live_url, TOKEN).now_real() - datetime.now(UTC)) < timedelta(seconds=5)


def test_the_serve_target_switches_maintenance(live_url: str) -> None:
    target = ServeTarget(live_url, TOKEN)
    target.set_maintenance(True)
    answer = requests.options(f"{live_url}/Microsoft-Server-ActiveSync", timeout=5)
    assert answer.status_code == 503
    target.set_maintenance(False)
    assert requests.options(f"{live_url}/Microsoft-Server-ActiveSync", timeout=5).status_code != 503


def test_a_server_on_a_fixed_clock_refuses_to_move_it() -> None:
    app = create_app(ServerConfig(admin_token=TOKEN))  # the system clock
    with serving(app) as url:
        headers = {"Authorization": f"Bearer {TOKEN}"}
        moved = requests.post(
            f"{url}/admin/api/clock", json={"advance_seconds": 60}, headers=headers, timeout=5
        )
        assert moved.status_code == 409
        bad = requests.put(f"{url}/admin/api/maintenance", json={"on": "yes"}, headers=headers)
        assert bad.status_code == 400


def test_serve_and_embedded_declare_their_capabilities() -> None:
    assert Capability.SIMULATED_NETWORK in ServeTarget.capabilities  # zpush_sim.sealed
    assert Capability.SERVER_SETTINGS in ServeTarget.capabilities
    assert Capability.MOVE_CLOCK in ServeTarget.capabilities
    assert Capability.ONOFFICE_RULES in ServeTarget.capabilities


def test_a_live_target_moves_every_scenario_date_by_whole_days_to_its_today() -> None:
    from steps.types import TYPES, shift_dates

    target = Target("http://live.invalid")
    target.today_is(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    today = datetime.now(UTC).date()
    assert target.shift == timedelta(days=(today - datetime(2026, 3, 2).date()).days)
    shift_dates(target.shift)
    try:
        assert TYPES["Date"]("2026-03-02") == today
        assert TYPES["Date"]("2026-03-05") == today + timedelta(days=3)
    finally:
        shift_dates(timedelta(0))
    assert TYPES["Date"]("2026-03-02").isoformat() == "2026-03-02"


def test_without_move_clock_only_the_devices_clock_moves() -> None:
    target = Target("http://live.invalid")
    target.devices_clock = OffsetClock()
    target.pass_time(timedelta(minutes=30))
    assert target.devices_clock.offset == timedelta(minutes=30)
    assert not target.has(Capability.MOVE_CLOCK)


def test_the_serve_target_reads_what_the_server_received(live_url: str) -> None:
    target = ServeTarget(live_url, TOKEN)
    requests.options(f"{live_url}/Microsoft-Server-ActiveSync?Cmd=Sync&DeviceId=dev1", timeout=5)
    log = target.received()
    assert [(r.method, r.device_id) for r in log if r.device_id == "dev1"] == [("OPTIONS", "dev1")]
    assert all("/admin" not in r.path for r in log)  # the admin calls themselves are not in it
