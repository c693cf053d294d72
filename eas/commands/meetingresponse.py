"""MeetingResponse (MS-ASCMD 2.2.1.11): accepting or declining a meeting, both directions."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from eas.commands import CommandError, parse_int
from eas.tree import E, Element

NS = "MeetingResponse"


class MeetingResponseStatus(IntEnum):
    """MS-ASCMD 2.2.3.177.11 Status (MeetingResponse)."""

    SUCCESS = 1
    INVALID_MEETING_REQUEST = 2
    MAILBOX_ERROR = 3
    SERVER_ERROR = 4


class UserResponse(IntEnum):
    """MS-ASCMD 2.2.3.190: the user's answer."""

    ACCEPTED = 1
    TENTATIVE = 2
    DECLINED = 3


@dataclass(frozen=True)
class MeetingRequest:
    user_response: int
    request_id: str
    collection_id: str | None = None
    instance_id: str | None = None

    def to_tree(self) -> Element:
        node = E(f"{NS}:Request", E("UserResponse", str(self.user_response)))
        if self.collection_id is not None:
            node.add("CollectionId", self.collection_id)
        node.add("RequestId", self.request_id)
        if self.instance_id is not None:
            node.add("InstanceId", self.instance_id)
        return node

    @classmethod
    def from_tree(cls, node: Element) -> MeetingRequest:
        request_id = node.findtext("RequestId")
        if not request_id:
            raise CommandError("MeetingResponse Request without RequestId")
        return cls(
            user_response=parse_int(node.findtext("UserResponse"), "UserResponse"),
            request_id=request_id,
            collection_id=node.findtext("CollectionId"),
            instance_id=node.findtext("InstanceId"),
        )


@dataclass(frozen=True)
class MeetingResponseRequest:
    requests: tuple[MeetingRequest, ...]

    def to_tree(self) -> Element:
        return E(f"{NS}:MeetingResponse", *(r.to_tree() for r in self.requests))

    @classmethod
    def from_tree(cls, root: Element) -> MeetingResponseRequest:
        if root.tag != f"{NS}:MeetingResponse":
            raise CommandError(f"expected MeetingResponse, got {root.tag}")
        requests = root.findall("Request")
        if not requests:
            raise CommandError("MeetingResponse without Request")
        return cls(tuple(MeetingRequest.from_tree(r) for r in requests))


@dataclass(frozen=True)
class MeetingResult:
    request_id: str
    status: int
    calendar_id: str | None = None  # with Status 1 when the meeting was accepted

    def to_tree(self) -> Element:
        node = E(f"{NS}:Result", E("RequestId", self.request_id), E("Status", str(self.status)))
        if self.calendar_id is not None:
            node.add("CalendarId", self.calendar_id)
        return node

    @classmethod
    def from_tree(cls, node: Element) -> MeetingResult:
        return cls(
            request_id=node.findtext("RequestId", "") or "",
            status=parse_int(node.findtext("Status"), "Result/Status"),
            calendar_id=node.findtext("CalendarId"),
        )


@dataclass(frozen=True)
class MeetingResponseResponse:
    results: tuple[MeetingResult, ...]

    def to_tree(self) -> Element:
        return E(f"{NS}:MeetingResponse", *(r.to_tree() for r in self.results))

    @classmethod
    def from_tree(cls, root: Element) -> MeetingResponseResponse:
        if root.tag != f"{NS}:MeetingResponse":
            raise CommandError(f"expected MeetingResponse, got {root.tag}")
        return cls(tuple(MeetingResult.from_tree(r) for r in root.findall("Result")))
