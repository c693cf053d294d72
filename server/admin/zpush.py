"""Admin API routes for what z-push-admin does: a user's devices, resync, removal.

Registered in `server.admin.api`'s route table (imported by `server.admin.app`),
under the user, so that no call reaches another customer's device:

- ``GET .../users/{user}/devices``: the devices of the user, oldest first, each
  ``{"device_id", "device_type", "user_agent", "first_seen", "last_seen",
  "folders": [{"id", "name", "class"}]}`` (z-push-admin ``-a list``);
- ``POST .../users/{user}/devices/{device}/resync`` ``{"folders": [ids]}``: those
  collections' sync state is forgotten, their next Sync gets Status 3 and
  starts again from SyncKey 0; without ``folders`` every collection
  (z-push-admin ``-a resync``);
- ``DELETE .../users/{user}/devices/{device}``: the device and all its state;
  it provisions and syncs from the start (z-push-admin ``-a remove``).

A DeviceId is matched case-insensitively (Z-Push lower-cases them). Must not:
hold sync rules (`server.store.syncstate` does the forgetting).
"""

from __future__ import annotations

from eas.commands.foldersync import class_of_folder_type
from server.admin import scope
from server.admin.api import Result, U, route
from server.admin.http import AdminRequest
from server.admin.validate import FieldError
from server.store.devices import Device
from server.store.onoffice import OnOfficeStore
from server.store.syncstate import SyncStateStore

D = f"{U}/devices/(?P<device>[^/]+)"


def _state(store: OnOfficeStore) -> SyncStateStore:
    return SyncStateStore(store.db, store.clock)


def _device(store: OnOfficeStore, p: dict[str, str]) -> Device:
    user = scope.user(store, scope.customer(store, p["customer"]), p["user"])
    for device in _state(store).devices(user.id):
        if device.device_id.casefold() == p["device"].casefold():
            return device
    raise scope.NotFound(f"no device {p['device']} of {p['user']}")


def _folders(state: SyncStateStore, device: Device) -> list[dict[str, str]]:
    """The hierarchy last sent to the device, then collections with a state but no folder."""
    known: dict[str, dict[str, str]] = {}
    for folder in state.latest_hierarchy(device.id) or ():
        known[folder.server_id] = {
            "id": folder.server_id,
            "name": folder.display_name,
            "class": class_of_folder_type(folder.type),
        }
    for collection in state.collections(device.id):
        known.setdefault(
            collection.collection_id,
            {"id": collection.collection_id, "name": collection.collection_id, "class": ""},
        )
    return list(known.values())


@route("GET", f"{U}/devices")
def _(store: OnOfficeStore, request: AdminRequest, p: dict[str, str]) -> Result:
    user = scope.user(store, scope.customer(store, p["customer"]), p["user"])
    state = _state(store)
    return 200, [
        {
            "device_id": d.device_id,
            "device_type": d.device_type,
            "user_agent": d.user_agent,
            "first_seen": d.first_seen.isoformat(),
            "last_seen": d.last_seen.isoformat(),
            "folders": _folders(state, d),
        }
        for d in state.devices(user.id)
    ]


@route("POST", f"{D}/resync")
def _(store: OnOfficeStore, request: AdminRequest, p: dict[str, str]) -> Result:
    device = _device(store, p)
    state = _state(store)
    data = request.json()
    if not isinstance(data, dict):
        raise FieldError("", "expected a JSON object")
    known = [f["id"] for f in _folders(state, device)]
    wanted = data.get("folders", known)
    if not isinstance(wanted, list) or not all(isinstance(f, str) for f in wanted):
        raise FieldError("folders", "expected a list of folder ids")
    unknown = [f for f in wanted if f not in known]
    if unknown:  # all checked first: nothing is forgotten when one is wrong
        raise FieldError("folders", f"device {device.device_id} has no folder {unknown[0]!r}")
    for folder in wanted:
        state.forget_collection(device.id, folder)
    return 200, {"device_id": device.device_id, "resynced": wanted}


@route("DELETE", D)
def _(store: OnOfficeStore, request: AdminRequest, p: dict[str, str]) -> Result:
    device = _device(store, p)
    _state(store).remove_device(device.id)
    return 200, {"removed": device.device_id}
