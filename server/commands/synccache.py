"""The Sync cache: per device, each synced collection's last options, and its last Sync.

From 12.1 a device may send an empty Sync ("the same as last time"), a
Sync with ``Partial`` (only the collections that differ), or collections
without Options (the cached ones apply): MS-ASCMD 2.2.3.124, 2.2.3.125.5;
eas-facts 1 #33. An empty or partial Sync takes the collections of the
last Sync (``in_last_sync``). Z-Push keeps the options as SyncParameters
per folder, so a collection keeps its own when a later Sync names only
others: Ping and GetItemEstimate read the FilterType of the collection's
own last Sync, not "no filter" (Z-Push SyncCollections counts changes
with the folder's own content parameters; Z-Push-contrib#197 and
device-bugs.md 24: a Ping without the window wakes the device for items
its Sync never sends). The keys are never cached: a collection taken from
the cache uses the key last issued for it (what the device holds after
the last response).

Must not: decide statuses (an empty Sync with nothing cached is Status 13,
decided by `server.commands.sync`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from eas.commands.sync import BodyPreference, CollectionRequest, SyncRequest
from server.commands.base import CommandContext


@dataclass(frozen=True)
class CachedCollection:
    collection_id: str
    class_name: str | None = None
    filter_type: int | None = None
    window_size: int | None = None
    conflict: int | None = None
    body_type: int | None = None
    truncation_size: int | None = None
    in_last_sync: bool = True  # named by the device's last Sync (empty/partial Sync takes it)

    @classmethod
    def of(cls, coll: CollectionRequest) -> CachedCollection:
        pref = coll.body_preferences[0] if coll.body_preferences else None
        return cls(
            coll.collection_id,
            coll.class_name,
            coll.filter_type,
            coll.window_size,
            coll.conflict,
            None if pref is None else pref.type,
            None if pref is None else pref.truncation_size,
        )


def _load(ctx: CommandContext) -> list[CachedCollection]:
    found = []
    for row in ctx.sync_state.sync_cache(ctx.device.id) or []:
        if isinstance(row, dict) and isinstance(row.get("collection_id"), str):
            found.append(
                CachedCollection(
                    str(row["collection_id"]),
                    _text(row.get("class_name")),
                    _int(row.get("filter_type")),
                    _int(row.get("window_size")),
                    _int(row.get("conflict")),
                    _int(row.get("body_type")),
                    _int(row.get("truncation_size")),
                    row.get("in_last_sync") is not False,  # rows of older states: True
                )
            )
    return found


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _int(value: object) -> int | None:
    return value if isinstance(value, int) else None


def cached_options(ctx: CommandContext, collection_id: str) -> CachedCollection:
    """The cached options of one collection (all None if it was never synced)."""
    return next((c for c in _load(ctx) if c.collection_id == collection_id), None) or (
        CachedCollection(collection_id)
    )


def resolve(ctx: CommandContext, request: SyncRequest) -> tuple[CollectionRequest, ...]:
    """The collections this Sync stands for: its own, completed from the cache."""
    cache = {c.collection_id: c for c in _load(ctx)}
    own = tuple(_inherit(c, cache.get(c.collection_id)) for c in request.collections)
    if request.collections and not request.partial:
        return own
    named = {c.collection_id for c in own}
    taken = []
    for cached in cache.values():
        if cached.collection_id in named or not cached.in_last_sync:
            continue
        latest = ctx.sync_state.latest_collection(ctx.device.id, cached.collection_id)
        if latest is not None:
            taken.append(_request_from(cached, str(latest[0])))
    return (*taken, *own)


def remember(
    ctx: CommandContext,
    collections: tuple[CollectionRequest, ...],
    refused: frozenset[str] = frozenset(),
) -> None:
    """This Sync's collections, and every other collection's options as they were.

    A collection in ``refused`` (answered with an error status) keeps the options it
    had: options the server refused must not apply to the next Sync without Options.
    """
    old = {c.collection_id: c for c in _load(ctx)}
    last = [
        CachedCollection.of(c)
        if c.collection_id not in refused
        else replace(old.get(c.collection_id, CachedCollection(c.collection_id)), in_last_sync=True)
        for c in collections
    ]
    named = {c.collection_id for c in last}
    kept = [replace(c, in_last_sync=False) for c in old.values() if c.collection_id not in named]
    ctx.sync_state.set_sync_cache(ctx.device.id, [asdict(c) for c in [*last, *kept]])


def _inherit(coll: CollectionRequest, cached: CachedCollection | None) -> CollectionRequest:
    if cached is None:
        return coll
    return replace(
        coll,
        class_name=coll.class_name if coll.class_name is not None else cached.class_name,
        filter_type=coll.filter_type if coll.filter_type is not None else cached.filter_type,
        window_size=coll.window_size if coll.window_size is not None else cached.window_size,
        conflict=coll.conflict if coll.conflict is not None else cached.conflict,
        body_preferences=coll.body_preferences or _preferences(cached),
    )


def _preferences(cached: CachedCollection) -> tuple[BodyPreference, ...]:
    if cached.body_type is None:
        return ()
    return (BodyPreference(cached.body_type, cached.truncation_size),)


def _request_from(cached: CachedCollection, sync_key: str) -> CollectionRequest:
    return CollectionRequest(
        sync_key=sync_key,
        collection_id=cached.collection_id,
        class_name=cached.class_name,
        window_size=cached.window_size,
        filter_type=cached.filter_type,
        conflict=cached.conflict,
        body_preferences=_preferences(cached),
    )
