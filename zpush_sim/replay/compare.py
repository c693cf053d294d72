"""The log's answer and the target's, side by side: what differs, per request.

An answer is summed up (`Summary`) as its HTTP status, its Status elements
(in document order, named by their parent), its counts (Sync commands and
responses per collection, FolderSync changes, Ping folders) and the set of
element paths it has. Two answers differ when any of these do; values
that are the server's own (SyncKeys, ServerIds, PolicyKeys, item data)
are not compared, since a target hands out its own.

Must not: send or read anything.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from eas.tree import Element

_COUNTED = ("Add", "Change", "Delete", "SoftDelete", "Fetch")


@dataclass(frozen=True)
class Summary:
    http: int | None
    statuses: tuple[str, ...] = ()
    counts: tuple[tuple[str, int], ...] = ()
    paths: frozenset[str] = field(default_factory=frozenset)

    def describe(self) -> str:
        parts = [f"HTTP {self.http}" if self.http is not None else "no answer"]
        if self.statuses:
            parts.append("Status " + ", ".join(self.statuses))
        if self.counts:
            parts.append(", ".join(f"{name} {n}" for name, n in self.counts))
        return "; ".join(parts)


def _paths(root: Element) -> frozenset[str]:
    found: set[str] = set()
    stack = [(root, root.name)]
    while stack:
        node, path = stack.pop()
        found.add(path)
        stack.extend((c, f"{path}/{c.name}") for c in node.children)
    return frozenset(found)


def _statuses(root: Element) -> tuple[str, ...]:
    out: list[str] = []
    stack: list[tuple[Element, str]] = [(root, root.name)]
    while stack:
        node, parent = stack.pop()
        for child in reversed(node.children):
            if child.name == "Status":
                out.append(f"{parent}={child.text}")
            else:
                stack.append((child, child.name))
    return tuple(out)


def _counts(cmd: str, root: Element) -> tuple[tuple[str, int], ...]:
    counts: Counter[str] = Counter()
    if cmd == "Sync":
        for coll in root.findall("Collections/Collection"):
            for section in ("Commands", "Responses"):
                block = coll.find(section)
                for child in [] if block is None else block.children:
                    if child.name in _COUNTED:
                        counts[
                            f"{section[:-1] if section == 'Commands' else 'Response'} {child.name}"
                        ] += 1
            if coll.find("MoreAvailable") is not None:
                counts["MoreAvailable"] += 1
    elif cmd == "FolderSync":
        for kind in ("Add", "Update", "Delete"):
            counts[f"folder {kind}"] += len(root.findall(f"Changes/{kind}"))
    elif cmd == "Ping":
        counts["folders"] += len(root.findall("Folders/Folder"))
    return tuple(sorted((k, v) for k, v in counts.items() if v))


def summarise(cmd: str, http: int | None, root: Element | None) -> Summary:
    if root is None:
        return Summary(http)
    return Summary(http, _statuses(root), _counts(cmd, root), _paths(root))


def differences(log: Summary, target: Summary) -> list[str]:
    """What differs in HTTP status, Status elements or counts: a divergence, in words."""
    out: list[str] = []
    if log.http != target.http:
        out.append(f"HTTP {log.http} in the log, {target.http} from the target")
    if log.statuses != target.statuses:
        out.append(
            f"Status {list(log.statuses)} in the log, {list(target.statuses)} from the target"
        )
    if log.counts != target.counts:
        out.append(f"counts {dict(log.counts)} in the log, {dict(target.counts)} from the target")
    return out


def element_differences(log: Summary, target: Summary) -> list[str]:
    """Elements only one side has (fields a server maps differently): shown, not a divergence."""
    out: list[str] = []
    if log.http is None or target.http is None:
        return out
    only_log = sorted(log.paths - target.paths)
    only_target = sorted(target.paths - log.paths)
    if only_log:
        out.append(
            "only in the log: " + ", ".join(only_log[:8]) + (" ..." if len(only_log) > 8 else "")
        )
    if only_target:
        out.append(
            "only from the target: "
            + ", ".join(only_target[:8])
            + (" ..." if len(only_target) > 8 else "")
        )
    return out
