"""onOffice's rules that the guide leaves as settings, with BEHAVIOURS.md's defaults.

Everything here is a value a customer's onOffice could be configured with;
the mapping and access code read them from the store's ``rules`` (which
`server.app` takes from `ServerConfig.rules`; the admin API may replace
them), never from constants of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

MINUTE, HOUR, DAY, WEEK = 1, 60, 24 * 60, 7 * 24 * 60

# B-APPT-9: onOffice's reminder steps, in minutes before the start.
REMINDER_STEPS: tuple[int, ...] = (
    0, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
    1 * HOUR, 2 * HOUR, 4 * HOUR, 12 * HOUR,
    1 * DAY, 2 * DAY, 3 * DAY,
    1 * WEEK, 2 * WEEK,
)  # fmt: skip

# The types onOffice offers (B-APPT-6, B-TASK-9: the first matching category wins).
APPOINTMENT_TYPES: tuple[str, ...] = (
    "Besichtigung", "Notartermin", "Kundentermin", "Telefonat", "Intern",
)  # fmt: skip
TASK_TYPES: tuple[str, ...] = ("To-do", "Phone call", "Anruf", "E-Mail", "Exposé")


@dataclass(frozen=True)
class OnOfficeRules:
    # B-CRED-1: wrong passwords in a row that lock the Z-Push access.
    lockout_after_failures: int = 5
    # B-CRED-4: wrong passwords in a row (browser and Z-Push) that lock the onOffice account.
    onoffice_lock_after_failures: int = 10
    # B-LIM-1: at most this many appointments are synchronised.
    max_appointments: int = 500
    # B-LIM-2: without a client filter, appointments from this many months back.
    default_months_back: int = 1
    # B-LIM-3: never more than this many months ahead.
    max_months_ahead: int = 6
    # B-APPT-9: a device's reminder is rounded up to the next of these (minutes).
    reminder_steps: tuple[int, ...] = REMINDER_STEPS
    appointment_types: tuple[str, ...] = APPOINTMENT_TYPES
    task_types: tuple[str, ...] = TASK_TYPES
