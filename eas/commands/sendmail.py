"""SendMail, SmartReply and SmartForward (MS-ASCMD 2.2.1.17, .19, .20), both directions.

From 14.0 the request is a ComposeMail WBXML document (ClientId,
SaveInSentItems, Source, Mime) and a failure answers a ComposeMail Status
(a common status, MS-ASCMD 2.2.3.177.16); success is an empty body. In
12.x the body is the raw MIME message (``message/rfc822``), which
`ComposeMailRequest.from_mime` wraps so that the server sees one shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from eas.commands import CommandError, parse_int
from eas.tree import E, Element

NS = "ComposeMail"
ComposeCommand = Literal["SendMail", "SmartReply", "SmartForward"]
COMPOSE_COMMANDS: tuple[ComposeCommand, ...] = ("SendMail", "SmartReply", "SmartForward")


@dataclass(frozen=True)
class Source:
    """ComposeMail:Source (MS-ASCMD 2.2.3.170): the message replied to or forwarded."""

    folder_id: str | None = None
    item_id: str | None = None
    long_id: str | None = None
    instance_id: str | None = None

    def to_tree(self) -> Element:
        node = E(f"{NS}:Source")
        for tag, value in (
            ("FolderId", self.folder_id),
            ("ItemId", self.item_id),
            ("LongId", self.long_id),
            ("InstanceId", self.instance_id),
        ):
            if value is not None:
                node.add(tag, value)
        return node

    @classmethod
    def from_tree(cls, node: Element) -> Source:
        return cls(
            node.findtext("FolderId"),
            node.findtext("ItemId"),
            node.findtext("LongId"),
            node.findtext("InstanceId"),
        )


@dataclass(frozen=True)
class ComposeMailRequest:
    command: ComposeCommand
    mime: bytes
    client_id: str | None = None
    save_in_sent_items: bool = False
    source: Source | None = None  # SmartReply / SmartForward
    replace_mime: bool = False

    def to_tree(self) -> Element:
        root = E(f"{NS}:{self.command}")
        if self.client_id is not None:
            root.add("ClientId", self.client_id)
        if self.save_in_sent_items:
            root.add("SaveInSentItems")
        if self.replace_mime:
            root.add("ReplaceMime")
        if self.source is not None:
            root.append(self.source.to_tree())
        root.add("Mime", self.mime)
        return root

    @classmethod
    def from_tree(cls, root: Element) -> ComposeMailRequest:
        command = root.name
        if root.namespace != NS or command not in COMPOSE_COMMANDS:
            raise CommandError(f"expected SendMail, SmartReply or SmartForward, got {root.tag}")
        mime = root.find("Mime")
        if mime is None:
            raise CommandError(f"{command} without Mime")  # MS-ASCMD 2.2.3.106
        raw = mime.value if isinstance(mime.value, bytes) else (mime.text or "").encode()
        source = root.find("Source")
        return cls(
            command=command,  # narrowed by the check above
            mime=raw,
            client_id=root.findtext("ClientId"),
            save_in_sent_items=root.find("SaveInSentItems") is not None,
            source=None if source is None else Source.from_tree(source),
            replace_mime=root.find("ReplaceMime") is not None,
        )

    @classmethod
    def from_mime(cls, command: ComposeCommand, body: bytes) -> ComposeMailRequest:
        """The 12.x form: the body is the message itself."""
        return cls(command=command, mime=body)


@dataclass(frozen=True)
class ComposeMailResponse:
    """The answer to a failed SendMail/SmartReply/SmartForward (success has no body)."""

    command: ComposeCommand
    status: int

    def to_tree(self) -> Element:
        return E(f"{NS}:{self.command}", E("Status", str(self.status)))

    @classmethod
    def from_tree(cls, root: Element) -> ComposeMailResponse:
        if root.namespace != NS or root.name not in COMPOSE_COMMANDS:
            raise CommandError(f"expected a ComposeMail response, got {root.tag}")
        return cls(
            command=root.name,  # narrowed by the check above
            status=parse_int(root.findtext("Status"), f"{root.name}/Status"),
        )
