"""Sync (MS-ASCMD 2.2.1.21): collections, commands and responses, both directions.

Item bodies stay as ``ApplicationData`` trees here; `eas.items` turns them
into contacts, appointments and tasks. Sync state (keys, versions sent) is
the server's and the device's business, not this module's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

from eas.commands import CommandError, flag, optional_int, parse_int
from eas.tree import E, Element

NS = "AirSync"


class SyncStatus(IntEnum):
    """MS-ASCMD 2.2.3.177.17 Status (Sync)."""

    SUCCESS = 1
    INVALID_SYNC_KEY = 3
    PROTOCOL_ERROR = 4
    SERVER_ERROR = 5
    CONVERSION_ERROR = 6
    CONFLICT = 7
    OBJECT_NOT_FOUND = 8
    OUT_OF_SPACE = 9
    FOLDER_HIERARCHY_CHANGED = 12
    INCOMPLETE_REQUEST = 13
    INVALID_WAIT_OR_HEARTBEAT = 14
    INVALID_COMMAND = 15
    RETRY = 16


@dataclass(frozen=True)
class BodyPreference:
    """AirSyncBase:BodyPreference (MS-ASAIRS 2.2.2.7)."""

    type: int
    truncation_size: int | None = None

    def to_tree(self) -> Element:
        node = E("AirSyncBase:BodyPreference", E("Type", str(self.type)))
        if self.truncation_size is not None:
            node.add("TruncationSize", str(self.truncation_size))
        return node

    @classmethod
    def from_tree(cls, node: Element) -> BodyPreference:
        return cls(
            type=parse_int(node.findtext("Type"), "BodyPreference/Type"),
            truncation_size=optional_int(node.findtext("TruncationSize"), "TruncationSize"),
        )


# -- commands inside a collection (client -> server and server -> client) ----


@dataclass(frozen=True)
class Add:
    """An item added: by the server (ServerId) or by the client (ClientId)."""

    application_data: Element
    server_id: str | None = None
    client_id: str | None = None


@dataclass(frozen=True)
class Change:
    server_id: str
    application_data: Element
    # 16.x: one occurrence of a recurring series (MS-ASCMD 2.2.3.88.2, AirSyncBase:InstanceId)
    instance_id: str | None = None


@dataclass(frozen=True)
class Delete:
    server_id: str
    soft: bool = False  # SoftDelete: left the filter window, not deleted (2.2.3.169)
    instance_id: str | None = None  # 16.x: one occurrence only (2.2.3.88.2)


@dataclass(frozen=True)
class Fetch:
    server_id: str


Command = Add | Change | Delete | Fetch


def _command_to_tree(command: Command) -> Element:
    if isinstance(command, Add):
        node = E(f"{NS}:Add")
        if command.server_id is not None:
            node.add("ServerId", command.server_id)
        if command.client_id is not None:
            node.add("ClientId", command.client_id)
        node.append(command.application_data)
        return node
    if isinstance(command, Change):
        return E(
            f"{NS}:Change",
            E("ServerId", command.server_id),
            _instance(command.instance_id),
            command.application_data,
        )
    if isinstance(command, Delete):
        return E(
            f"{NS}:SoftDelete" if command.soft else f"{NS}:Delete",
            E("ServerId", command.server_id),
            _instance(command.instance_id),
        )
    return E(f"{NS}:Fetch", E("ServerId", command.server_id))


def _instance(instance_id: str | None) -> Element | None:
    return None if instance_id is None else E("AirSyncBase:InstanceId", instance_id)


def _application_data(node: Element) -> Element:
    data = node.find("ApplicationData")
    if data is None:
        raise CommandError(f"{node.name} without ApplicationData")
    return data


def _required(node: Element, name: str) -> str:
    value = node.findtext(name)
    if not value:
        raise CommandError(f"{node.name} without {name}")
    return value


def _command_from_tree(node: Element) -> Command:
    name = node.name
    if name == "Add":
        return Add(
            application_data=_application_data(node),
            server_id=node.findtext("ServerId"),
            client_id=node.findtext("ClientId"),
        )
    if name == "Change":
        return Change(
            _required(node, "ServerId"),
            _application_data(node),
            node.findtext("AirSyncBase:InstanceId"),
        )
    if name in ("Delete", "SoftDelete"):
        return Delete(
            _required(node, "ServerId"),
            soft=name == "SoftDelete",
            instance_id=node.findtext("AirSyncBase:InstanceId"),
        )
    if name == "Fetch":
        return Fetch(_required(node, "ServerId"))
    raise CommandError(f"unknown Sync command {node.tag}")


# -- results of the client's commands (Responses element) --------------------


@dataclass(frozen=True)
class AddResult:
    client_id: str
    status: int
    server_id: str | None = None


@dataclass(frozen=True)
class ChangeResult:
    server_id: str
    status: int


@dataclass(frozen=True)
class FetchResult:
    server_id: str
    status: int
    application_data: Element | None = None


@dataclass(frozen=True)
class DeleteResult:
    """A failed Delete (MS-ASCMD 2.2.3.42.2: a Delete is answered only when it fails)."""

    server_id: str
    status: int


Result = AddResult | ChangeResult | FetchResult | DeleteResult


def _result_to_tree(result: Result) -> Element:
    if isinstance(result, AddResult):
        node = E(f"{NS}:Add", E("ClientId", result.client_id))
        if result.server_id is not None:
            node.add("ServerId", result.server_id)
        node.add("Status", str(result.status))
        return node
    if isinstance(result, ChangeResult):
        return E(f"{NS}:Change", E("ServerId", result.server_id), E("Status", str(result.status)))
    if isinstance(result, DeleteResult):
        return E(f"{NS}:Delete", E("ServerId", result.server_id), E("Status", str(result.status)))
    node = E(f"{NS}:Fetch", E("ServerId", result.server_id), E("Status", str(result.status)))
    if result.application_data is not None:
        node.append(result.application_data)
    return node


def _result_from_tree(node: Element) -> Result:
    status = parse_int(node.findtext("Status"), f"{node.name}/Status")
    if node.name == "Add":
        return AddResult(_required(node, "ClientId"), status, node.findtext("ServerId"))
    if node.name == "Change":
        return ChangeResult(_required(node, "ServerId"), status)
    if node.name == "Delete":
        return DeleteResult(_required(node, "ServerId"), status)
    if node.name == "Fetch":
        return FetchResult(_required(node, "ServerId"), status, node.find("ApplicationData"))
    raise CommandError(f"unknown Sync response {node.tag}")


# -- request ---------------------------------------------------------------------


@dataclass(frozen=True)
class CollectionRequest:
    sync_key: str
    collection_id: str
    class_name: str | None = None  # AS 12.x only; 14.x drops Class (MS-ASCMD 2.2.3.27.4)
    get_changes: bool | None = None
    window_size: int | None = None
    deletes_as_moves: bool | None = None
    filter_type: int | None = None
    conflict: int | None = None
    body_preferences: tuple[BodyPreference, ...] = ()
    commands: tuple[Command, ...] = ()

    def to_tree(self) -> Element:
        node = E(f"{NS}:Collection")
        if self.class_name is not None:
            node.add("Class", self.class_name)
        node.add("SyncKey", self.sync_key)
        node.add("CollectionId", self.collection_id)
        if self.deletes_as_moves is not None:
            node.add("DeletesAsMoves", "1" if self.deletes_as_moves else "0")
        if self.get_changes is not None:
            node.add("GetChanges", "1" if self.get_changes else "0")
        if self.window_size is not None:
            node.add("WindowSize", str(self.window_size))
        options = [
            *(
                [E(f"{NS}:FilterType", str(self.filter_type))]
                if self.filter_type is not None
                else []
            ),
            *[pref.to_tree() for pref in self.body_preferences],
            *([E(f"{NS}:Conflict", str(self.conflict))] if self.conflict is not None else []),
        ]
        if options:
            node.append(E(f"{NS}:Options", *options))
        if self.commands:
            node.append(E(f"{NS}:Commands", *(_command_to_tree(c) for c in self.commands)))
        return node

    @classmethod
    def from_tree(cls, node: Element) -> CollectionRequest:
        sync_key = node.findtext("SyncKey")
        collection_id = node.findtext("CollectionId")
        if sync_key is None or collection_id is None:
            raise CommandError("Collection needs SyncKey and CollectionId")
        options = node.find("Options")
        commands = node.find("Commands")
        return cls(
            sync_key=sync_key,
            collection_id=collection_id,
            class_name=node.findtext("Class"),
            get_changes=flag(node.find("GetChanges")),
            window_size=optional_int(node.findtext("WindowSize"), "WindowSize"),
            deletes_as_moves=flag(node.find("DeletesAsMoves")),
            filter_type=optional_int(options.findtext("FilterType"), "FilterType")
            if options is not None
            else None,
            conflict=optional_int(options.findtext("Conflict"), "Conflict")
            if options is not None
            else None,
            body_preferences=tuple(
                BodyPreference.from_tree(p) for p in options.findall("AirSyncBase:BodyPreference")
            )
            if options is not None
            else (),
            commands=tuple(_command_from_tree(c) for c in commands.children)
            if commands is not None
            else (),
        )


@dataclass(frozen=True)
class SyncRequest:
    collections: tuple[CollectionRequest, ...] = ()
    wait: int | None = None
    heartbeat_interval: int | None = None
    window_size: int | None = None
    partial: bool = False

    def to_tree(self) -> Element:
        root = E(f"{NS}:Sync")
        if self.collections:
            root.append(E(f"{NS}:Collections", *(c.to_tree() for c in self.collections)))
        if self.wait is not None:
            root.add("Wait", str(self.wait))
        if self.heartbeat_interval is not None:
            root.add("HeartbeatInterval", str(self.heartbeat_interval))
        if self.window_size is not None:
            root.add("WindowSize", str(self.window_size))
        if self.partial:
            root.add("Partial")
        return root

    @classmethod
    def from_tree(cls, root: Element) -> SyncRequest:
        if root.tag != f"{NS}:Sync":
            raise CommandError(f"expected Sync, got {root.tag}")
        return cls(
            collections=tuple(
                CollectionRequest.from_tree(c) for c in root.findall("Collections/Collection")
            ),
            wait=optional_int(root.findtext("Wait"), "Wait"),
            heartbeat_interval=optional_int(
                root.findtext("HeartbeatInterval"), "HeartbeatInterval"
            ),
            window_size=optional_int(root.findtext("WindowSize"), "WindowSize"),
            partial=root.find("Partial") is not None,
        )


# -- response --------------------------------------------------------------------


@dataclass(frozen=True)
class CollectionResponse:
    collection_id: str
    status: int
    sync_key: str = ""
    class_name: str | None = None
    commands: tuple[Command, ...] = ()
    responses: tuple[Result, ...] = ()
    more_available: bool = False

    def to_tree(self) -> Element:
        node = E(f"{NS}:Collection")
        if self.class_name is not None:
            node.add("Class", self.class_name)
        node.add("SyncKey", self.sync_key)
        node.add("CollectionId", self.collection_id)
        node.add("Status", str(self.status))
        if self.commands:
            node.append(E(f"{NS}:Commands", *(_command_to_tree(c) for c in self.commands)))
        if self.responses:
            node.append(E(f"{NS}:Responses", *(_result_to_tree(r) for r in self.responses)))
        if self.more_available:
            node.add("MoreAvailable")
        return node

    @classmethod
    def from_tree(cls, node: Element) -> CollectionResponse:
        commands = node.find("Commands")
        responses = node.find("Responses")
        return cls(
            collection_id=node.findtext("CollectionId", "") or "",
            status=parse_int(node.findtext("Status", "1"), "Collection/Status"),
            sync_key=node.findtext("SyncKey", "") or "",
            class_name=node.findtext("Class"),
            commands=tuple(_command_from_tree(c) for c in commands.children)
            if commands is not None
            else (),
            responses=tuple(_result_from_tree(r) for r in responses.children)
            if responses is not None
            else (),
            more_available=node.find("MoreAvailable") is not None,
        )


@dataclass(frozen=True)
class SyncResponse:
    collections: tuple[CollectionResponse, ...] = field(default=())
    status: int | None = None  # top-level Status: only for request-wide errors
    limit: int | None = None  # with Status 14 (MS-ASCMD 2.2.3.90)

    def to_tree(self) -> Element:
        root = E(f"{NS}:Sync")
        if self.status is not None:
            root.add("Status", str(self.status))
        if self.limit is not None:
            root.add("Limit", str(self.limit))
        if self.collections:
            root.append(E(f"{NS}:Collections", *(c.to_tree() for c in self.collections)))
        return root

    @classmethod
    def from_tree(cls, root: Element) -> SyncResponse:
        if root.tag != f"{NS}:Sync":
            raise CommandError(f"expected Sync, got {root.tag}")
        return cls(
            collections=tuple(
                CollectionResponse.from_tree(c) for c in root.findall("Collections/Collection")
            ),
            status=optional_int(root.findtext("Status"), "Status"),
            limit=optional_int(root.findtext("Limit"), "Limit"),
        )
