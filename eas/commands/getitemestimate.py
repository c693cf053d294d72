"""GetItemEstimate (MS-ASCMD 2.2.1.9): how many changes a Sync would bring, both directions.

Two request shapes (MS-ASCMD 6.20): 12.x puts ``Class``, ``CollectionId``,
``airsync:FilterType`` and ``airsync:SyncKey`` in the Collection; 14.x has
``airsync:SyncKey``, ``CollectionId`` and ``airsync:Options`` (FilterType,
Class). `EstimateCollection.legacy` picks the shape to write; reading
accepts both.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from eas.commands import CommandError, optional_int, parse_int
from eas.tree import E, Element

NS = "GetItemEstimate"


class GetItemEstimateStatus(IntEnum):
    """MS-ASCMD 2.2.3.177.6 Status (GetItemEstimate)."""

    SUCCESS = 1
    INVALID_COLLECTION = 2
    NOT_PRIMED = 3  # the collection was never synchronised
    INVALID_SYNC_KEY = 4


@dataclass(frozen=True)
class EstimateCollection:
    collection_id: str
    sync_key: str
    filter_type: int | None = None
    class_name: str | None = None
    legacy: bool = False  # the 12.x element shape

    def to_tree(self) -> Element:
        node = E(f"{NS}:Collection")
        if self.legacy:
            if self.class_name is not None:
                node.add("Class", self.class_name)
            node.add("CollectionId", self.collection_id)
            node.add("AirSync:FilterType", str(self.filter_type or 0))
            node.add("AirSync:SyncKey", self.sync_key)
            return node
        node.add("AirSync:SyncKey", self.sync_key)
        node.add("CollectionId", self.collection_id)
        options = E("AirSync:Options")
        if self.filter_type is not None:
            options.add("FilterType", str(self.filter_type))
        if self.class_name is not None:
            options.add("Class", self.class_name)
        if options.children:
            node.append(options)
        return node

    @classmethod
    def from_tree(cls, node: Element) -> EstimateCollection:
        collection_id = node.findtext("CollectionId")
        sync_key = node.findtext("AirSync:SyncKey")
        if not collection_id or sync_key is None:
            raise CommandError("GetItemEstimate Collection needs CollectionId and SyncKey")
        options = node.find("AirSync:Options")
        legacy = node.find("AirSync:FilterType") is not None or node.find("Class") is not None
        if options is not None:
            filter_text, class_name = options.findtext("FilterType"), options.findtext("Class")
        else:
            filter_text, class_name = node.findtext("AirSync:FilterType"), node.findtext("Class")
        return cls(
            collection_id=collection_id,
            sync_key=sync_key,
            filter_type=optional_int(filter_text, "FilterType"),
            class_name=class_name,
            legacy=legacy and options is None,
        )


@dataclass(frozen=True)
class GetItemEstimateRequest:
    collections: tuple[EstimateCollection, ...]

    def to_tree(self) -> Element:
        return E(
            f"{NS}:GetItemEstimate", E("Collections", *(c.to_tree() for c in self.collections))
        )

    @classmethod
    def from_tree(cls, root: Element) -> GetItemEstimateRequest:
        if root.tag != f"{NS}:GetItemEstimate":
            raise CommandError(f"expected GetItemEstimate, got {root.tag}")
        collections = root.findall("Collections/Collection")
        if not collections:
            raise CommandError("GetItemEstimate without Collections")
        return cls(tuple(EstimateCollection.from_tree(c) for c in collections))


@dataclass(frozen=True)
class Estimate:
    """One Response element: a status, and with Status 1 the collection and its estimate."""

    status: int
    collection_id: str | None = None
    estimate: int | None = None

    def to_tree(self) -> Element:
        node = E(f"{NS}:Response", E("Status", str(self.status)))
        if self.collection_id is not None:
            coll = node.add("Collection")
            coll.add("CollectionId", self.collection_id)
            if self.estimate is not None:
                coll.add("Estimate", str(self.estimate))
        return node

    @classmethod
    def from_tree(cls, node: Element) -> Estimate:
        return cls(
            status=parse_int(node.findtext("Status"), "GetItemEstimate/Status"),
            collection_id=node.findtext("Collection/CollectionId"),
            estimate=optional_int(node.findtext("Collection/Estimate"), "Estimate"),
        )


@dataclass(frozen=True)
class GetItemEstimateResponse:
    responses: tuple[Estimate, ...] = ()
    status: int | None = None  # a top-level Status, for request-wide errors

    def to_tree(self) -> Element:
        root = E(f"{NS}:GetItemEstimate")
        if self.status is not None:
            root.add("Status", str(self.status))
        for response in self.responses:
            root.append(response.to_tree())
        return root

    @classmethod
    def from_tree(cls, root: Element) -> GetItemEstimateResponse:
        if root.tag != f"{NS}:GetItemEstimate":
            raise CommandError(f"expected GetItemEstimate, got {root.tag}")
        return cls(
            responses=tuple(Estimate.from_tree(r) for r in root.findall("Response")),
            status=optional_int(root.findtext("Status"), "Status"),
        )
