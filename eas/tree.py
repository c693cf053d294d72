"""The in-memory tree of an EAS document, shared by the codec and the commands.

An element's tag is qualified as ``"Namespace:Name"`` with the MS-ASWBXML
code-page names (``"AirSync:Sync"``, ``"FolderHierarchy:SyncKey"``). Lookups
take names without a namespace as being in the parent's namespace, so that
``sync.find("Collections/Collection")`` reads like the spec's examples.

An element has either children or a value: ``str`` for inline strings,
``bytes`` for opaque data, ``None`` for an empty element. MS-ASWBXML
documents never mix text and children, so this tree does not either.

Kept deliberately small (a slotted class, no parent pointers) because the
decoder builds tens of thousands of these per large Sync response.
"""

from __future__ import annotations

from collections.abc import Iterator

Value = str | bytes | None


class Element:
    __slots__ = ("children", "tag", "value")

    def __init__(
        self, tag: str, value: Value = None, children: list[Element] | None = None
    ) -> None:
        self.tag = tag
        self.value = value
        self.children: list[Element] = [] if children is None else children

    # -- construction -----------------------------------------------------

    def add(self, tag: str, value: Value = None) -> Element:
        """Append a child (tag unqualified = this element's namespace); return it."""
        child = Element(self.qualify(tag), value)
        self.children.append(child)
        return child

    def append(self, child: Element) -> Element:
        self.children.append(child)
        return child

    # -- lookup -----------------------------------------------------------

    @property
    def namespace(self) -> str:
        return self.tag.partition(":")[0]

    @property
    def name(self) -> str:
        return self.tag.partition(":")[2]

    @property
    def text(self) -> str | None:
        """The value as text (opaque data decoded as UTF-8), or None.

        Opaque bytes that are not UTF-8, and NUL, become U+FFFD: a text value
        may be echoed into an answer as an inline string, which cannot hold NUL
        (WAP-192-WBXML 5.8.4.1; XML 1.0 Char has no #x0 either).
        """
        if isinstance(self.value, bytes):
            return self.value.decode("utf-8", "replace").replace("\x00", "\ufffd")
        return self.value

    def qualify(self, tag: str) -> str:
        return tag if ":" in tag else f"{self.namespace}:{tag}"

    def find(self, path: str) -> Element | None:
        """The first element along a ``/``-separated path of child names."""
        node: Element | None = self
        for step in path.split("/"):
            assert node is not None
            tag = node.qualify(step)
            node = next((c for c in node.children if c.tag == tag), None)
            if node is None:
                return None
        return node

    def findall(self, path: str) -> list[Element]:
        """Every element matching the last step of the path, under the first match of the rest."""
        head, _, last = path.rpartition("/")
        parent = self.find(head) if head else self
        if parent is None:
            return []
        tag = parent.qualify(last)
        return [c for c in parent.children if c.tag == tag]

    def findtext(self, path: str, default: str | None = None) -> str | None:
        node = self.find(path)
        if node is None:
            return default
        text = node.text
        return default if text is None else text

    def iter(self) -> Iterator[Element]:
        """This element and all its descendants, depth first."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    # -- comparison and display -------------------------------------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Element):
            return NotImplemented
        return (
            self.tag == other.tag and self.value == other.value and self.children == other.children
        )

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        if self.children:
            return f"Element({self.tag!r}, {len(self.children)} children)"
        return f"Element({self.tag!r}, {self.value!r})"


def E(tag: str, *content: Element | str | bytes | None) -> Element:
    """Build a tree tersely: ``E("FolderHierarchy:FolderSync", E("SyncKey", "0"))``.

    Children given with an unqualified tag take this element's namespace;
    a single str or bytes argument becomes the value.
    """
    element = Element(tag)
    for item in content:
        if isinstance(item, Element):
            if ":" not in item.tag and ":" in tag:
                _requalify(item, element.namespace)
            element.children.append(item)
        elif item is not None:
            element.value = item
    return element


def _requalify(element: Element, namespace: str) -> None:
    element.tag = f"{namespace}:{element.tag}"
    for child in element.children:
        if ":" not in child.tag:
            _requalify(child, namespace)
