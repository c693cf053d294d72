"""Readable XML for EAS trees, in the form of the MS-ASCMD examples, and back.

Owns the text form used by logs, the ``zpush-sim wbxml`` command and test
fixtures; it does no I/O. The root element carries the default namespace
(``<FolderSync xmlns="FolderHierarchy:">``) and a prefixed declaration for
every other namespace used below it (``xmlns:airsyncbase="AirSyncBase:"``,
then ``<airsyncbase:Body>``); prefixes are the lower-cased namespace names,
except ``rm`` for RightsManagement as in MS-ASCMD 2.2.4. Namespace URIs end
in ":" like the MS-ASCMD examples; ``from_xml`` also takes the colon-less
form of the current schemas.

Values that XML text cannot carry exactly are marked with an attribute
(EAS elements never have attributes): ``opaque="base64"`` for bytes,
``text="base64"`` for a string with characters XML 1.0 forbids, and
``text="empty"`` for the empty string (``<Tag/>`` is an element with no
value). A carriage return is written as ``&#13;`` so that parsers keep it.
``from_xml(to_xml(tree)) == tree`` for every tree ``wbxml.encode`` accepts.
"""

from __future__ import annotations

import base64
import binascii
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Final

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from eas.codepages import PAGE_BY_NAMESPACE, TOKEN_BY_TAG
from eas.tree import Element

#: namespace -> prefix used for it when it is not the root's namespace
PREFIXES: Final[Mapping[str, str]] = {ns: ns.lower() for ns in PAGE_BY_NAMESPACE} | {
    "RightsManagement": "rm"
}
_XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>'
_INDENT = "  "
# XML 1.0 section 2.2: characters a document cannot contain, even escaped.
_NOT_XML_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


class XMLViewError(ValueError):
    """XML that is not the view of an EAS tree (the message says why)."""


def uri(namespace: str) -> str:
    """The namespace URI written for a namespace, e.g. ``"AirSync:"``."""
    return f"{namespace}:"


def to_xml(root: Element) -> str:
    """Pretty XML for a tree, ending with a newline."""
    root_ns = root.namespace
    used = sorted({el.namespace for el in root.iter()} - {root_ns}, key=_prefix)
    declarations = "".join(f' xmlns:{_prefix(ns)}="{uri(ns)}"' for ns in used)
    lines = [_XML_DECLARATION]
    stack: list[tuple[Element, int, bool]] = [(root, 0, False)]
    while stack:
        el, depth, closing = stack.pop()
        indent = _INDENT * depth
        name = el.name if el.namespace == root_ns else f"{_prefix(el.namespace)}:{el.name}"
        if closing:
            lines.append(f"{indent}</{name}>")
            continue
        start = name
        if depth == 0:
            start += f' xmlns="{uri(root_ns)}"{declarations}'
        if el.children:
            lines.append(f"{indent}<{start}>")
            stack.append((el, depth, True))
            stack.extend((child, depth + 1, False) for child in reversed(el.children))
        else:
            lines.append(indent + _leaf(start, name, el.value))
    return "\n".join(lines) + "\n"


def _prefix(namespace: str) -> str:
    return PREFIXES.get(namespace, namespace.lower())


def _leaf(start: str, name: str, value: str | bytes | None) -> str:
    if value is None:
        return f"<{start}/>"
    if isinstance(value, bytes):
        return f'<{start} opaque="base64">{base64.b64encode(value).decode("ascii")}</{name}>'
    if value == "":
        return f'<{start} text="empty"/>'
    if _NOT_XML_CHAR.search(value):
        encoded = base64.b64encode(value.encode("utf-8", "surrogatepass")).decode("ascii")
        return f'<{start} text="base64">{encoded}</{name}>'
    return f"<{start}>{value.translate(_ESCAPES)}</{name}>"


def from_xml(text: str) -> Element:
    """The tree for XML in the form ``to_xml`` writes; ``XMLViewError`` if it is not."""
    try:
        top = SafeET.fromstring(text, forbid_dtd=True)
    except ET.ParseError as exc:
        raise XMLViewError(f"not well-formed XML: {exc}") from None
    except DefusedXmlException as exc:
        raise XMLViewError(f"XML feature not allowed here: {exc!r}") from None
    except ValueError as exc:  # e.g. a lone surrogate in the text
        raise XMLViewError(f"not parseable as XML: {exc}") from None
    root = _element(top)
    stack = [(top, root)]
    while stack:
        node, el = stack.pop()
        for child_node in node:
            child = _element(child_node)
            el.children.append(child)
            stack.append((child_node, child))
    return root


def _element(node: ET.Element) -> Element:
    namespace_uri, brace, name = node.tag[1:].partition("}")
    if not node.tag.startswith("{") or not brace:
        raise XMLViewError(f'element <{node.tag}> has no namespace (e.g. xmlns="AirSync:")')
    namespace = namespace_uri.removesuffix(":")
    if namespace not in PAGE_BY_NAMESPACE:
        raise XMLViewError(f"unknown namespace {namespace_uri!r} of element {name}")
    tag = f"{namespace}:{name}"
    if tag not in TOKEN_BY_TAG:
        raise XMLViewError(f"unknown element {name} in namespace {namespace}")
    unexpected = set(node.attrib) - {"opaque", "text"}
    if unexpected or len(node.attrib) > 1:
        raise XMLViewError(f"{tag}: unexpected attributes {sorted(node.attrib)}")
    if len(node):
        if (node.text or "").strip() or any((child.tail or "").strip() for child in node):
            raise XMLViewError(f"{tag} mixes text and child elements")
        if node.attrib:
            raise XMLViewError(f"{tag}: a value marker on an element with children")
        return Element(tag)
    return Element(tag, _value(tag, node))


def _value(tag: str, node: ET.Element) -> str | bytes | None:
    text = node.text
    marker = node.get("opaque")
    if marker is not None:
        if marker != "base64":
            raise XMLViewError(f'{tag}: opaque="{marker}", expected "base64"')
        return _base64(tag, text)
    marker = node.get("text")
    if marker is None:
        return text
    if marker == "empty" and not text:
        return ""
    if marker == "base64":
        try:
            return _base64(tag, text).decode("utf-8", "surrogatepass")
        except UnicodeDecodeError:
            raise XMLViewError(f"{tag}: base64 text is not UTF-8") from None
    raise XMLViewError(f'{tag}: text="{marker}" with this content is not understood')


def _base64(tag: str, text: str | None) -> bytes:
    try:
        return base64.b64decode("".join((text or "").split()), validate=True)
    except (binascii.Error, ValueError):
        raise XMLViewError(f"{tag}: content is not valid base64") from None
