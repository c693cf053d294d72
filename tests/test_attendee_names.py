"""B-APPT-3 over time (issue 13): a renamed linked contact reaches the phone's appointments.

An appointment shows its linked contacts as attendees by name. The issue
found that renaming such a contact left the appointment's version where it
was, so phones kept showing the old name; now the appointment changes too.
"""

from __future__ import annotations

from dataclasses import replace

from server_client import Client, demo_app, demo_user

from eas.commands.sync import Change, CollectionRequest
from eas.items.calendar import appointment_from_application_data


def _to_the_end(client: Client, key: str) -> tuple[str, list[object]]:
    commands: list[object] = []
    while True:
        (coll,) = client.sync(CollectionRequest(key, "calendar", window_size=512)).collections
        key = coll.sync_key
        commands += coll.commands
        if not coll.more_available:
            return key, commands


def test_a_renamed_linked_contact_changes_the_appointments_attendee_name() -> None:
    app = demo_app()
    client = Client(app)
    client.folder_sync("0")
    (first,) = client.sync(CollectionRequest("0", "calendar")).collections
    key, _ = _to_the_end(client, first.sync_key)
    user = demo_user(app)
    linking = [a for a in app.onoffice.appointments(user.id) if a.linked_contacts]
    assert linking
    contact = app.onoffice.address(linking[0].linked_contacts[0])
    assert contact is not None
    app.onoffice.update_address(replace(contact, first_name="Renamed", last_name="Person"))
    _, changes = _to_the_end(client, key)
    changed = [c for c in changes if isinstance(c, Change)]
    ids = {str(a.id) for a in linking if contact.id in a.linked_contacts}
    assert ids <= {c.server_id for c in changed}
    for change in changed:
        item = appointment_from_application_data(change.application_data)
        assert "Renamed Person" in {a.name for a in item.attendees}
