"""Live mode's hosts file: mapped host names go to the live server, others as they are."""

from __future__ import annotations

from zpush_sim.hosts import HostsSession


def test_a_mapped_host_goes_to_the_live_server_with_path_and_query_kept() -> None:
    session = HostsSession({"activesync.onoffice.de": "http://127.0.0.1:8080"})
    url = "https://activesync.onoffice.de/Microsoft-Server-ActiveSync?Cmd=Sync&User=j"
    assert session.resolve(url) == (
        "http://127.0.0.1:8080/Microsoft-Server-ActiveSync?Cmd=Sync&User=j"
    )


def test_a_live_server_under_a_path_prefix_keeps_the_prefix() -> None:
    session = HostsSession({"activesync.onoffice.de": "http://127.0.0.1:20000/SOGo/"})
    url = "https://ActiveSync.onoffice.de/Microsoft-Server-ActiveSync"
    assert session.resolve(url) == "http://127.0.0.1:20000/SOGo/Microsoft-Server-ActiveSync"


def test_other_hosts_are_left_alone() -> None:
    session = HostsSession({"activesync.onoffice.de": "http://127.0.0.1:8080"})
    url = "https://autodiscover.onoffice.de/autodiscover/autodiscover.xml"
    assert session.resolve(url) == url
