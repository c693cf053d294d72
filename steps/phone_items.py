"""The item values that the simulator's apps take and give, in one place.

The apps (`simulator.apps`) speak in `eas.items` values: a task's
``Importance``, an event's decoded item. Steps name them only through this
module, so that no other step module imports the protocol core, and the day
the apps offer these in the user's terms this module shrinks away.
"""

from __future__ import annotations

from eas.items.calendar import AppointmentItem as AppointmentItem
from eas.items.calendar import Sensitivity as Sensitivity
from eas.items.calendar import appointment_from_application_data
from eas.items.tasks import Importance as Importance
from simulator.apps.calendar import Event


def opened_event(event: Event) -> AppointmentItem:
    """Everything an Exchange event carries, as the calendar app opens it."""
    if event.stored is None:
        raise LookupError(f"{event.title!r} is not an Exchange event")
    return appointment_from_application_data(event.stored.data)
