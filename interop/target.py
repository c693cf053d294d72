"""The ``sogo`` target: the ``dav`` target against the SOGo that `interop.stack` runs.

A plug-in of the ``zpush_sim.targets`` entry point group (pyproject), and
the example of one: `SogoKind` makes a `zpush_sim.targets.dav.DavTarget` on
the running SOGo (``ZPUSH_SIM_INTEROP_SOGO``, set by ``tox -e live``) whose
accounts come from SOGo's SQL user table, one per scenario user, so that
each scenario has its own address book and calendar; the account's row is
deleted afterwards (its objects first, by the target).

Must not: start SOGo (`zpush_sim.targets.live` and `interop.cli` do).
"""

from __future__ import annotations

import os

from interop.postgres import USERS_TABLE, _literal
from interop.sogo import EAS_PATH
from interop.stack import ENV_VAR, Sogo
from zpush_sim.targets.base import Target
from zpush_sim.targets.dav import Account, Accounts, DavTarget
from zpush_sim.targets.registry import Options

PASSWORD = "interop-secret"
MAIL_DOMAIN = "sogo.interop"


def _running() -> Sogo | None:
    given = os.environ.get(ENV_VAR)
    return Sogo.from_json(given) if given else None


class SogoKind:
    needs_url = False

    def open(self, url: str | None, options: Options) -> Target:
        sogo = _running()
        assert sogo is not None, f"no SOGo running ({ENV_VAR} is not set)"
        database = sogo.database

        def make(login: str) -> Account:
            database.add_user(login, PASSWORD, login, f"{login}@{MAIL_DOMAIN}")
            return Account(login, PASSWORD)

        def remove(account: Account) -> None:
            database.psql(f"DELETE FROM {USERS_TABLE} WHERE c_uid = {_literal(account.login)};")

        base = sogo.base_url + EAS_PATH.removesuffix("/Microsoft-Server-ActiveSync")
        return DavTarget(base, Accounts(make, remove))

    def check(self, url: str | None, options: Options) -> str | None:
        sogo = _running()
        if sogo is None:
            return f"no SOGo is running ({ENV_VAR} is not set; tox -e live starts one)"
        return DavTarget.check(sogo.base_url + "/SOGo/")
