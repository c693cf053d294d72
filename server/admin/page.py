"""The HTML pages: a user's Settings tab and an address's onOffice Sync tick and numbers.

They mirror the guide: "Tools > Settings > User > name > Settings" with
the Z-Push tick (not offered without onOffice sync, B-SET-2), contacts
and tasks (B-SET-3), both locks (Z-Push access, onOffice account), the
unlock button only while one holds, lifting both so that the right password
syncs again (guide 11.1), and the confirmation shown once (B-CRED-3); an
address with its onOffice Sync tick (B-CON-1) and the number-assignment
pop-up, a slot per number (B-CON-6, B-CON-16). Forms post back and are
answered with a redirect to the page (so a reload does not post again);
every form carries the session's CSRF token, and no link the token.
Must not: bypass `scope`.
"""

from __future__ import annotations

import re
from html import escape
from urllib.parse import quote

from server import auth
from server.admin import scope
from server.admin.http import AdminRequest, html_response, redirect
from server.model import KIND_GROUP, SLOT_GROUP, Address, Customer, Slot, User
from server.responses import Response
from server.store.base import SettingError
from server.store.onoffice import OnOfficeStore

USER_PAGE = re.compile(r"/customers/(?P<customer>[^/]+)/users/(?P<user>[^/]+)$")
ADDRESS_PAGE = re.compile(r"/customers/(?P<customer>[^/]+)/addresses/(?P<address>[0-9]+)$")
STYLE = "body{font-family:sans-serif;margin:2em} label{display:block;margin:.3em 0}"


def handle(store: OnOfficeStore, request: AdminRequest, csrf: str) -> Response:
    try:
        if request.path == "/" and request.method == "GET":
            return html_response(_index(store))
        if match := USER_PAGE.match(request.path):
            owner = scope.customer(store, match["customer"])
            user = scope.user(store, owner, match["user"])
            if request.method == "POST":
                return _post_settings(store, request, owner, user)
            return html_response(_settings(store, owner, user, csrf))
        if match := ADDRESS_PAGE.match(request.path):
            owner = scope.customer(store, match["customer"])
            address = scope.address(store, owner, match["address"])
            if request.method == "POST":
                return _post_address(store, request, owner, address)
            return html_response(_address(owner, address, csrf))
    except scope.NotFound as error:
        return html_response(_page("Not found", f"<p>{escape(str(error))}</p>"), 404)
    return html_response(_page("Not found", "<p>No such page.</p>"), 404)


def _page(title: str, body: str) -> str:
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}'
        f"</title><style>{STYLE}</style></head><body>{body}</body></html>"
    )


def _url(path: str) -> str:
    return f"/admin{path}"  # never the token: the session cookie carries the access


def _form(action: str, csrf: str, fields: str) -> str:
    """A form that posts back with the session's CSRF token (`server.admin.session`)."""
    return (
        f'<form method="post" action="{escape(action)}">'
        f'<input type="hidden" name="csrf" value="{escape(csrf)}">{fields}</form>'
    )


def _index(store: OnOfficeStore) -> str:
    items = []
    for customer in store.customers():
        for user in store.users(customer.id):
            link = _url(f"/customers/{quote(customer.name)}/users/{quote(user.user_name)}")
            items.append(f'<li><a href="{escape(link)}">{escape(user.login)}</a></li>')
    return _page("onOffice users", f"<h1>Users</h1><ul>{''.join(items)}</ul>")


def _tick(name: str, label: str, checked: bool) -> str:
    mark = " checked" if checked else ""
    return f'<label><input type="checkbox" id="{name}" name="{name}"{mark}> {escape(label)}</label>'


def _settings(store: OnOfficeStore, owner: Customer, user: User, csrf: str) -> str:
    action = _url(f"/customers/{quote(owner.name)}/users/{quote(user.user_name)}")
    confirmation = store.take_unlock_confirmation(user.id)  # shown once (B-CRED-3)
    parts = [
        f"<h1>{escape(user.display_name or user.user_name)}</h1>",
        f"<p>Tools &gt; Settings &gt; User &gt; {escape(user.user_name)} &gt; Settings</p>",
    ]
    if confirmation:
        parts.append(
            f'<p id="unlock-confirmation" role="status">{escape(auth.UNLOCK_CONFIRMATION)}</p>'
        )
    ticks = [_tick("contacts", "Contacts", user.contacts), _tick("tasks", "Tasks", user.tasks)]
    if owner.onoffice_sync:  # B-SET-2: the option exists only with onOffice sync
        ticks.insert(0, _tick("zpush", "Z-Push", user.zpush))
    else:
        parts.append('<p id="no-zpush">Z-Push is offered only where onOffice sync is active.</p>')
    parts.append(
        _form(
            action,
            csrf,
            '<input type="hidden" name="action" value="save">'
            f'{"".join(ticks)}<button type="submit" id="save">Save</button>',
        )
    )
    locks = []  # both locks that keep the user out (B-CRED-1, B-CRED-4)
    if user.zpush_locked:
        locks.append(
            '<p id="locked">The Z-Push access is locked after too many wrong passwords.</p>'
        )
    if user.onoffice_locked:
        locks.append('<p id="account-locked">The onOffice account is locked.</p>')
    if locks:  # B-CRED-3: the button exists only while locked; it lifts both (guide 11.1)
        parts.append(
            _form(
                action,
                csrf,
                '<input type="hidden" name="action" value="unlock">'
                f'{"".join(locks)}<button type="submit" id="unlock">Unlock Z-Push access'
                "</button>",
            )
        )
    return _page(f"Settings - {user.login}", "".join(parts))


def _post_settings(
    store: OnOfficeStore, request: AdminRequest, owner: Customer, user: User
) -> Response:
    form = request.form()
    back = _url(f"/customers/{quote(owner.name)}/users/{quote(user.user_name)}")
    action = form.get("action", ["save"])[0]
    try:
        if action == "unlock":
            auth.unlock_all(store, user)
        else:
            ticked = {name: name in form for name in ("contacts", "tasks")}
            zpush = ("zpush" in form) if owner.onoffice_sync else None
            store.set_user_settings(user.id, zpush=zpush, **ticked)
    except SettingError as error:
        return html_response(_page("Refused", f'<p id="error">{escape(str(error))}</p>'), 409)
    return redirect(back)


def _address(owner: Customer, address: Address, csrf: str) -> str:
    action = escape(_url(f"/customers/{quote(owner.name)}/addresses/{address.id}"))
    rows = []
    for number in address.numbers:
        group = KIND_GROUP[number.kind]
        options = ['<option value="">no assignment</option>'] + [
            f'<option value="{escape(s.value)}"{" selected" if s is number.slot else ""}>'
            f"{escape(s.value)}</option>"
            for s in Slot
            if SLOT_GROUP[s] == group
        ]
        rows.append(
            f"<tr><td>{escape(number.kind.value)}</td><td>{escape(number.value)}</td>"
            f"<td>{'default' if number.is_default else ''}</td><td><select"
            f' name="slot-{number.id}" id="slot-{number.id}">{"".join(options)}</select></td></tr>'
        )
    body = (
        f"<h1>{escape(address.name or 'Address')}</h1>"
        f'<form method="post" action="{action}">'
        f'<input type="hidden" name="csrf" value="{escape(csrf)}">'
        f"{_tick('onoffice_sync', 'onOffice Sync', address.onoffice_sync)}"
        '<button type="button" id="edit-numbers"'
        " onclick=\"document.getElementById('numbers').showModal()\">Edit numbers</button>"
        '<dialog id="numbers"><table><tr><th>Type</th><th>Number</th><th></th><th>Sync</th></tr>'
        f'{"".join(rows)}</table></dialog><button type="submit" id="save">Save</button></form>'
    )
    return _page(f"Address {address.id}", body)


def _post_address(
    store: OnOfficeStore, request: AdminRequest, owner: Customer, address: Address
) -> Response:
    form = request.form()
    with store.db.transaction():
        ticked = "onoffice_sync" in form
        if ticked != address.onoffice_sync:
            store.set_address_sync(address.id, ticked)
        chosen = {n.id: form.get(f"slot-{n.id}", [None])[0] for n in address.numbers}
        for number in address.numbers:  # unassign first, then assign in row order (B-CON-6)
            if chosen[number.id] == "" and number.slot is not None:
                store.assign_slot(number.id, None)
        for number in address.numbers:
            value = chosen[number.id]
            if value and (number.slot is None or value != number.slot.value):
                try:
                    store.assign_slot(number.id, Slot(value))
                except (SettingError, ValueError) as error:
                    return html_response(
                        _page("Refused", f'<p id="error">{escape(str(error))}</p>'), 409
                    )
    return redirect(_url(f"/customers/{quote(owner.name)}/addresses/{address.id}"))
