"""onOffice's rules that the guide leaves as settings, with BEHAVIOURS.md's defaults.

Everything here is a value a customer's onOffice could be configured with;
the mapping and access code read them from `ServerConfig.rules`, never from
constants of their own.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OnOfficeRules:
    # B-CRED-1: wrong passwords in a row that lock the Z-Push access.
    lockout_after_failures: int = 5
    # B-LIM-1: at most this many appointments are synchronised.
    max_appointments: int = 500
    # B-LIM-2: without a client filter, appointments from this many months back.
    default_months_back: int = 1
    # B-LIM-3: never more than this many months ahead.
    max_months_ahead: int = 6
