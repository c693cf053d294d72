"""The mutations the fuzzer applies (`tests/fuzzer.py`): values, structure, bytes, envelope.

Values: integers such as ``"²"``, ``"--1"`` or 5,000 digits, odd strings,
opaque data with NUL or invalid UTF-8 in place of any element's value.
Structure: elements repeated, nested into themselves or others, dropped,
moved, given another code page's tag, a value instead of children, new
tags. Bytes: truncation, flipped bytes, SWITCH_PAGE to undefined pages.
The envelope: query strings (plain and base64, parameters missing, repeated
or odd) and headers (version, policy key, Authorization, Content-Length
such as ``"²"`` or ``1e20``, User-Agent, Content-Type). Not a test module.
"""

from __future__ import annotations

import base64
import random

from server_client import Client

from eas.codepages import TOKEN_BY_TAG
from eas.http import ASRequestLine, basic_authorization, build_query
from eas.tree import Element
from server.seed import DEMO_CUSTOMER

INTEGERS = [
    "²", "--1", "9" * 5000, "²", "--1", "1" * 4301, "-1", "0", "-0", "4294967296",
    "9223372036854775808", "99999999999999999999", "1e3", " 5 ", "", "٣", "0x1F", "1_000",
    "+1", "300000000000",
    "-9999999999", "2", "8",
]  # fmt: skip
STRINGS = [
    "", " ", "x" * 70_000, "é\u202e", "{00000000-0000-0000-0000-000000000000}1", "../../etc",
    "%00", "<x/>&amp;", "' OR 1=1 --", "20261301T250000Z", "2026-02-30T00:00:00.000Z",
    "9999-12-31T23:59:59.999Z", "0001-01-01T00:00:00.000Z", "20260302T090000Z", "true",
    "\t\n", "contacts", "calendar", "tasks", "a@b", "😀" * 100, "\x7f\x01",
]  # fmt: skip
OPAQUES = [b"\x00", b"a\x00b", b"\xff\xfe\xfd", b"\x00" * 64, b"9" * 5000, b"", b"\xc3\x28"]
VERSIONS = [
    None,
    "12.0",
    "12.1",
    "14.0",
    "14.1",
    "16.1",
    "2.5",
    "x",
    "14.1.1",
    "",
    "\u0661\u0664.\u0661",
]
ALL_TAGS = sorted(TOKEN_BY_TAG)
DECOY_LOGIN = f"max.mustermann_{DEMO_CUSTOMER}"


def mutate_tree(r: random.Random, root: Element) -> Element:
    """One to three value-level or structural mutations, in place."""
    for _ in range(r.choice([1, 1, 1, 2, 3])):
        nodes = list(root.iter())
        leaves = [n for n in nodes if not n.children] or nodes
        numbers = [n for n in leaves if isinstance(n.value, str) and n.value.isdigit()]
        kind = r.choices(range(11), weights=(30, 10, 10, 6, 6, 6, 8, 6, 4, 4, 10))[0]
        node = r.choice(nodes)
        if kind == 0:  # an integer element gets an odd integer
            node = r.choice(numbers or leaves)
            node.value, node.children = r.choice(INTEGERS), []
        elif kind == 1:
            node = r.choice(leaves)
            node.value, node.children = r.choice(STRINGS), []
        elif kind in (2, 10):  # opaque data, NUL included, in place of a value
            node = r.choice(leaves)
            text = node.text or ""
            node.value = r.choice([*OPAQUES, text.encode() + b"\x00", text.encode()[:3]])
            node.children = []
        elif kind == 3 and node is not root:  # repeated
            parent = _parent(root, node)
            parent.children.insert(parent.children.index(node), _copy(node))
        elif kind == 4:  # nested in itself or in another element
            host = r.choice(nodes)
            if host.value is None and sum(1 for _ in node.iter()) < 200:
                host.children.append(_copy(node))
        elif kind == 5 and node is not root:  # dropped
            _parent(root, node).children.remove(node)
        elif kind == 6:  # another code page's tag (or the same name elsewhere)
            name = node.tag.partition(":")[2]
            same = [t for t in ALL_TAGS if t.endswith(f":{name}") and t != node.tag]
            node.tag = r.choice(same) if same and r.random() < 0.5 else r.choice(ALL_TAGS)
        elif kind == 7 and node.value is None:  # a new child of any tag
            node.children.append(Element(r.choice(ALL_TAGS), r.choice(INTEGERS + STRINGS)))
        elif kind == 8:
            node.value, node.children = None, []
        elif kind == 9 and node is not root:  # moved under another parent
            host = r.choice(nodes)
            if host.value is None and not any(n is host for n in node.iter()):
                _parent(root, node).children.remove(node)
                host.children.append(node)
    return root


def mutate_bytes(r: random.Random, body: bytes) -> bytes:
    """Truncated, a byte flipped, a SWITCH_PAGE or random bytes inserted."""
    if not body:
        return body
    kind = r.randrange(4)
    at = r.randrange(len(body))
    if kind == 0:
        return body[:at]
    if kind == 1:
        return body[:at] + bytes([r.randrange(256)]) + body[at + 1 :]
    if kind == 2:
        return body[:at] + bytes([0, r.randrange(256)]) + body[at:]
    return body[:at] + r.randbytes(r.randint(1, 8)) + body[at:]


def mutate_query(r: random.Random, cmd: str, client: Client) -> str:
    """The request line: mostly as a device sends it, else base64, odd or broken."""
    roll = r.random()
    if roll < 0.8:
        return client.query(cmd)
    line = ASRequestLine(cmd, client.login, client.device_id, client.device_type,
                         protocol_version=r.choice(["14.1", "12.1", None]),
                         policy_key=client.policy_key)  # fmt: skip
    if roll < 0.88:
        try:
            text = build_query(line, encoding="base64")
        except (ValueError, TypeError):
            return client.query(cmd)
        if r.random() < 0.5:
            raw = bytearray(base64.b64decode(text + "=="))
            if raw:
                raw[r.randrange(len(raw))] = r.randrange(256)
            text = base64.b64encode(bytes(raw[: r.randint(0, len(raw))])).decode()
        return text
    params = {"Cmd": cmd, "User": client.login, "DeviceId": client.device_id,
              "DeviceType": client.device_type}  # fmt: skip
    key = r.choice(list(params))
    choice = r.randrange(5)
    if choice == 0:
        del params[key]
    elif choice == 1:
        params[key] = r.choice(["", "%00", "%ff%fe", "x" * 5000, "é", "a&b=c", "²"])
    parts = [f"{k}={v}" for k, v in params.items()]
    if choice == 2:
        parts.append(r.choice(parts))
    if choice == 3:
        parts.append(r.choice(["=", "&&", "%", "Cmd", "AttachmentName=%zz", "ItemId=\x01"]))
    if choice == 4:
        return r.choice(["", "&", "%ZZ", "Cmd", "\x00", "Cmd=Sync;DeviceId=1"])
    return "&".join(parts)


def mutate_headers(r: random.Random, body: bytes) -> tuple[dict[str, str], bool]:
    """Extra headers, and whether to send the client's credentials."""
    headers: dict[str, str] = {}
    if r.random() < 0.1:
        headers["MS-ASProtocolVersion"] = r.choice([v for v in VERSIONS if v is not None])
    if r.random() < 0.1:
        headers["X-MS-PolicyKey"] = r.choice([*INTEGERS[:12], "garbage"])
    if r.random() < 0.05:
        headers["Content-Length"] = r.choice(
            ["²", "1e20", "100000000000000000000", "-1", str(len(body) + 10), "0", " 1"]
        )
    if r.random() < 0.03:
        headers["User-Agent"] = r.choice(["x" * 10_000, "Android/13", "Apple-iPhone", "é"])
    if r.random() < 0.03:
        headers["Content-Type"] = r.choice(["text/xml", "", "multipart/form-data; boundary="])
    if r.random() < 0.04:
        headers["Authorization"] = r.choice([
            "Basic", "Basic ²", "Basic " + base64.b64encode(b"\xff\xfe:\x00").decode(),
            "Bearer x", "Basic " + base64.b64encode(b"nouser").decode(),
            basic_authorization(DECOY_LOGIN, "wrong"), basic_authorization("x_y@z", "w"),
            "Basic " + "A" * 10_000,
        ])  # fmt: skip
    return headers, "Authorization" not in headers


def _copy(node: Element) -> Element:
    return Element(node.tag, node.value, [_copy(c) for c in node.children])


def _parent(root: Element, node: Element) -> Element:
    for candidate in root.iter():
        if any(c is node for c in candidate.children):
            return candidate
    raise LookupError(node.tag)


def latin1(text: str) -> str:
    """A header or query value as a WSGI server hands it over (PEP 3333: latin-1 str)."""
    return text.encode("utf-8", "surrogatepass").decode("latin-1")
