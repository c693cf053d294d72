"""Test helper: a minimal phone over the wire for the onOffice rule tests (not a test module).

`Phone` keeps, per folder, its SyncKey and the items it holds (ServerId ->
ApplicationData), syncs through `server_client.Client` (WBXML over the
WSGI app) until nothing more is available, and sends its own Add, Change
and Delete commands. What it holds is what "the user sees on the phone".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from server_client import Client

from eas.commands.sync import Add, AddResult, Change, CollectionRequest, Command, Delete, Result
from eas.tree import Element
from server.app import ServerApp


@dataclass
class Folder:
    key: str = "0"
    items: dict[str, Element] = field(default_factory=dict)


class Phone:
    def __init__(
        self, app: ServerApp, login: str, password: str, device_id: str = "PHONE1"
    ) -> None:
        self.client = Client(app, login, password, device_id=device_id)
        self.folders: dict[str, Folder] = {}
        self.results: list[Result] = []
        self.received: list[Command] = []

    def start(self) -> None:
        self.client.folder_sync("0")

    def sync(
        self, folder: str, *commands: Command, filter_type: int | None = None
    ) -> dict[str, Element]:
        """One Sync (then more while MoreAvailable); the items the phone holds afterwards."""
        state = self.folders.setdefault(folder, Folder())
        if state.key == "0":
            (coll,) = self.client.sync(CollectionRequest("0", folder)).collections
            state.key = coll.sync_key
        self.results, self.received = [], []
        pending = commands
        for _ in range(50):
            request = CollectionRequest(
                state.key, folder, window_size=100, filter_type=filter_type, commands=pending
            )
            (coll,) = self.client.sync(request).collections
            assert coll.status == 1, coll
            pending = ()
            state.key = coll.sync_key
            self.results += coll.responses
            for result in coll.responses:
                if isinstance(result, AddResult) and result.server_id:
                    added = next(c for c in commands if isinstance(c, Add))
                    state.items[result.server_id] = added.application_data
            for command in coll.commands:
                self.received.append(command)
                if isinstance(command, Add) and command.server_id:  # noqa: SIM114
                    state.items[command.server_id] = command.application_data
                elif isinstance(command, Change):
                    state.items[command.server_id] = command.application_data
                elif isinstance(command, Delete):
                    state.items.pop(command.server_id, None)
            if not coll.more_available:
                break
        return state.items

    def change(self, folder: str, server_id: str, data: Element) -> dict[str, Element]:
        self.folders[folder].items[server_id] = data
        return self.sync(folder, Change(server_id, data))

    def delete(self, folder: str, server_id: str) -> dict[str, Element]:
        self.folders[folder].items.pop(server_id, None)
        return self.sync(folder, Delete(server_id))

    def add(self, folder: str, data: Element, client_id: str = "c1") -> str:
        self.sync(folder, Add(data, client_id=client_id))
        (result,) = [r for r in self.results if isinstance(r, AddResult)]
        assert result.status == 1 and result.server_id, result
        return result.server_id
