"""WBXML 1.3 codec for MS-ASWBXML documents: bytes <-> ``eas.tree.Element``.

Hand-written rather than taken from a library: the harness must be able to
emit deliberately malformed bodies for fault scenarios, and the decoder must
fail with one typed error naming the byte offset, which no maintained
Python WBXML package offers. Pure functions: no I/O, no state.

The subset EAS uses (MS-ASWBXML, over WBXML 1.3 = WAP-192-WBXML): version
0x03, public id 1, charset 106 (UTF-8), an empty string table; SWITCH_PAGE,
END, STR_I, OPAQUE and tags, with the content bit 0x40 and never the
attribute bit 0x80.

Decoding is strict: anything else raises ``WBXMLError`` and nothing else
escapes. A non-empty string table is skipped, but STR_T references into it
are rejected like the other global tokens EAS does not use. An element holds
either one value (one STR_I or one OPAQUE) or child elements, never both.

Limits: ``decode`` refuses a document with more elements, deeper nesting or
longer opaque data than its `DecodeLimits` (a ``WBXMLLimitError``), before
building more than that: an element tree costs over a hundred times the
bytes of its empty tags, so a server decoding untrusted bodies passes its
own, tighter limits. A body no longer than the element limit cannot hold
more elements (each takes at least a byte), so the fast path counts nothing.

Speed: ``decode`` first tries ``_decode_fast``, a loop specialised for the
plain documents peers send; on anything unusual (or wrong) it gives up and
``_decode_strict`` decodes again, and alone decides what the error is. The
fast path accepts only documents the strict one accepts, with equal trees
(tests check this). ``encode`` likewise builds the body as one ``str`` (all
control bytes of a document without OPAQUE are ASCII) and falls back to a
token list, which is also where the ``Faults`` are applied.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from eas.codepages import NAMES_BY_PAGE, NAMESPACE_BY_PAGE, TAG_BY_TOKEN, TOKEN_BY_TAG
from eas.tree import Element

# WAP-192-WBXML 5.8.4 and 7.1: the global tokens, the same in every code page.
SWITCH_PAGE, END, STR_I, OPAQUE = 0x00, 0x01, 0x03, 0xC3
WITH_CONTENT, WITH_ATTRIBUTES = 0x40, 0x80
HEADER = b"\x03\x01\x6a\x00"  # version 1.3, public id 1, UTF-8 (106), no string table
_UNUSED_GLOBALS = {
    0x02: "ENTITY", 0x04: "LITERAL", 0x40: "EXT_I_0", 0x41: "EXT_I_1", 0x42: "EXT_I_2",
    0x43: "PI", 0x44: "LITERAL_C", 0x80: "EXT_T_0", 0x81: "EXT_T_1", 0x82: "EXT_T_2",
    0x83: "STR_T", 0x84: "LITERAL_A", 0xC0: "EXT_0", 0xC1: "EXT_1", 0xC2: "EXT_2",
    0xC4: "LITERAL_AC",
}  # fmt: skip


class WBXMLError(ValueError):
    """Any malformed input. The only exception ``decode`` ever raises."""

    def __init__(self, offset: int, message: str) -> None:
        super().__init__(f"{message} at byte {offset}")
        self.offset = offset
        self.message = message

    def __reduce__(self) -> tuple[type[WBXMLError], tuple[int, str]]:
        return type(self), (self.offset, self.message)


@dataclass(frozen=True)
class Faults:
    """Malformations the encoder can be told to emit (for fault scenarios).

    Each one on its own makes ``decode`` raise ``WBXMLError``:

    - ``truncate_at``: cut the output after this many bytes (less than its length).
    - ``drop_final_end``: leave out the root's END.
    - ``bad_version``: this header version byte instead of 0x03.
    - ``unknown_token``: an empty tag right after the root's start tag, with a
      token its code page does not define.
    - ``unterminated_string``: the first inline string loses its NUL and the
      body ends inside it (kept going, a peer would read on to the next
      string's NUL and could decode a different but valid document).
    - ``invalid_utf8``: a 0xFF byte at the end of the first inline string.
    - ``wrong_page``: a SWITCH_PAGE to this undefined page before the root.
    - ``trailing_garbage``: these bytes after the root element.
    """

    truncate_at: int | None = None
    drop_final_end: bool = False
    bad_version: int | None = None
    unknown_token: bool = False
    unterminated_string: bool = False
    invalid_utf8: bool = False
    wrong_page: int | None = None
    trailing_garbage: bytes = b""

    def __post_init__(self) -> None:
        if self.truncate_at is not None and self.truncate_at < 0:
            raise ValueError("truncate_at must be >= 0")
        if self.bad_version is not None and self.bad_version not in range(256):
            raise ValueError("bad_version must be a byte")
        if self.bad_version == HEADER[0]:
            raise ValueError("bad_version must differ from 0x03")
        if self.wrong_page is not None and (
            self.wrong_page not in range(256) or self.wrong_page in NAMESPACE_BY_PAGE
        ):
            raise ValueError("wrong_page must be a byte that is not a defined code page")


_NO_FAULTS = Faults()


@dataclass(frozen=True)
class DecodeLimits:
    """The most a decoded document may hold; over any of them is a ``WBXMLLimitError``."""

    max_elements: int = 1_000_000
    max_depth: int = 64  # EAS documents nest about a dozen deep
    max_opaque: int = 64 * 1024 * 1024  # bytes of one OPAQUE value


DEFAULT_LIMITS = DecodeLimits()


class WBXMLLimitError(WBXMLError):
    """A well-formed-so-far document over the decoder's `DecodeLimits`."""


class _GiveUp(ValueError):
    """The fast path met something it leaves to the strict one."""


# -- decoding -------------------------------------------------------------

# Per page (index = page number): tag by byte, for bytes with and without the
# content bit. Pages are numbered 0..25 without gaps, so an undefined page
# number is an IndexError in the fast path.
_OPEN_BY_BYTE: list[list[str | None]] = []
_EMPTY_BY_BYTE: list[list[str | None]] = []
for _page in range(len(NAMESPACE_BY_PAGE)):
    _opens: list[str | None] = [None] * 256
    _empties: list[str | None] = [None] * 256
    for _token in NAMES_BY_PAGE[_page]:
        _opens[_token | WITH_CONTENT] = _empties[_token] = TAG_BY_TOKEN[_page, _token]
    _OPEN_BY_BYTE.append(_opens)
    _EMPTY_BY_BYTE.append(_empties)
_FAST_PAGES = list(zip(_OPEN_BY_BYTE, _EMPTY_BY_BYTE, strict=True))


def decode(data: bytes, limits: DecodeLimits = DEFAULT_LIMITS) -> Element:
    """The element tree of a WBXML body; ``WBXMLError`` if it is malformed or over ``limits``."""
    if type(data) is not bytes:
        if not isinstance(data, bytes | bytearray | memoryview):
            raise TypeError(f"decode needs bytes, not {type(data).__name__}")
        data = bytes(data)
    if len(data) - len(HEADER) > limits.max_elements:
        return _decode_strict(data, limits)  # could hold too many elements: count them
    try:
        return _decode_fast(data, limits.max_depth, min(limits.max_opaque, 0xFFFFFFFF))
    except (IndexError, ValueError):  # anything unusual, or an error: decode again
        return _decode_strict(data, limits)


def _decode_fast(
    data: bytes,
    max_depth: int = DEFAULT_LIMITS.max_depth,
    max_opaque: int = DEFAULT_LIMITS.max_opaque,
) -> Element:
    # Hot loop: locals only, one iteration per element (a leaf's value and END
    # are taken with its start tag) plus one per container END and page switch.
    if data[:4] != HEADER:
        raise _GiveUp
    text = data.decode("latin-1")  # slices of it are the ASCII strings as-is
    find_nul = data.index
    pages = _FAST_PAGES
    opens, empties = pages[0]
    new = Element.__new__  # then three slot stores: faster here than Element(...)
    element = Element
    top: list[Element] = []
    add = top.append  # appends to the children of the innermost open element
    stack: list[object] = []
    push = stack.append
    pop = stack.pop
    i = 4
    while True:
        b = data[i]
        tag = opens[b]
        if tag is not None:
            el = new(element)
            el.tag = tag
            add(el)
            k = i + 1
            nb = data[k]
            if nb == 0x03:  # STR_I (literals: globals cost a lookup each)
                k += 1
                j = find_nul(0, k)
                value = text[k:j]
                if not value.isascii():
                    value = data[k:j].decode("utf-8")
                el.value = value
                el.children = []
                if data[j + 1] != 0x01:  # END
                    raise _GiveUp
                i = j + 2
                continue
            if nb == 0xC3:  # OPAQUE
                length = 0
                for at in range(k + 1, k + 6):
                    c = data[at]
                    length = (length << 7) | (c & 0x7F)
                    if c < 0x80:
                        break
                else:
                    raise _GiveUp
                k = at + 1
                j = k + length
                if j >= len(data) or data[j] != 0x01 or length > max_opaque:
                    raise _GiveUp
                el.value = data[k:j]
                el.children = []
                i = j + 1
                continue
            el.value = None
            children: list[Element] = []
            el.children = children
            if len(stack) >= max_depth:
                raise _GiveUp
            push(add)
            add = children.append
            i = k
            continue
        if b == 0x01:  # END
            add = pop()  # type: ignore[assignment]
            i += 1
            if not stack:
                break
            continue
        if b == 0x00:  # SWITCH_PAGE
            opens, empties = pages[data[i + 1]]
            i += 2
            continue
        tag = empties[b]
        if tag is None:
            raise _GiveUp
        el = new(element)
        el.tag = tag
        el.value = None
        el.children = []
        add(el)
        i += 1
    if i != len(data) or len(top) != 1:  # trailing bytes; an element before the root
        raise _GiveUp
    return top[0]


def _decode_strict(data: bytes, limits: DecodeLimits = DEFAULT_LIMITS) -> Element:
    n = len(data)
    i = _read_header(data)
    page = 0
    root: Element | None = None
    stack: list[Element] = []
    elements = 0
    while i < n:
        if root is not None and not stack:
            raise WBXMLError(i, "trailing bytes after the root element")
        b = data[i]
        if b == SWITCH_PAGE:
            if i + 1 >= n:
                raise WBXMLError(i, "SWITCH_PAGE without a page number")
            page = data[i + 1]
            if page not in NAMESPACE_BY_PAGE:
                raise WBXMLError(i + 1, f"unknown code page {page}")
            i += 2
        elif b == END:
            if not stack:
                raise WBXMLError(i, "END without an open element")
            stack.pop()
            i += 1
        elif b in (STR_I, OPAQUE):
            if not stack:
                raise WBXMLError(i, "text outside the root element")
            el = stack[-1]
            if el.children:
                raise WBXMLError(i, f"{el.tag} mixes text and child elements")
            if el.value is not None:
                raise WBXMLError(i, f"{el.tag} has more than one value")
            if b == STR_I:
                el.value, i = _read_string(data, i)
            else:
                el.value, i = _read_opaque(data, i, limits.max_opaque)
        elif b in _UNUSED_GLOBALS:
            raise WBXMLError(i, f"global token {_UNUSED_GLOBALS[b]} is not used by EAS")
        elif b & WITH_ATTRIBUTES:
            raise WBXMLError(i, f"tag byte 0x{b:02X} has attributes, which EAS never uses")
        else:
            tag = TAG_BY_TOKEN.get((page, b & 0x3F))
            if tag is None:
                ns = NAMESPACE_BY_PAGE[page]
                raise WBXMLError(i, f"unknown token 0x{b & 0x3F:02X} in page {ns}")
            elements += 1
            if elements > limits.max_elements:
                raise WBXMLLimitError(i, f"more than {limits.max_elements} elements")
            el = Element(tag)
            if stack:
                parent = stack[-1]
                if parent.value is not None:
                    raise WBXMLError(i, f"{parent.tag} mixes text and child elements")
                parent.children.append(el)
            else:
                root = el
            if b & WITH_CONTENT:
                if len(stack) >= limits.max_depth:
                    raise WBXMLLimitError(i, f"elements nested deeper than {limits.max_depth}")
                stack.append(el)
            i += 1
    if stack:
        raise WBXMLError(n, f"missing END of {stack[-1].tag} at the end of the data")
    if root is None:
        raise WBXMLError(n, "no root element")
    return root


def _read_header(data: bytes) -> int:
    if not data:
        raise WBXMLError(0, "empty document")
    if data[0] != HEADER[0]:  # WAP-192-WBXML 5.4 to 5.7: version, public id, charset, strings
        raise WBXMLError(0, f"WBXML version byte 0x{data[0]:02X}, EAS uses 1.3 (0x03)")
    public_id, i = _read_mb_u_int32(data, 1)
    if public_id != 1:
        raise WBXMLError(1, f"public identifier {public_id}, EAS uses 1 (unknown)")
    charset, j = _read_mb_u_int32(data, i)
    if charset != 106:
        raise WBXMLError(i, f"charset {charset}, EAS uses 106 (UTF-8)")
    length, k = _read_mb_u_int32(data, j)
    if k + length > len(data):
        raise WBXMLError(j, f"string table of {length} bytes runs past the end")
    return k + length  # the string table itself is skipped


def _read_mb_u_int32(data: bytes, start: int) -> tuple[int, int]:
    value = 0
    for i in range(start, start + 5):  # WBXML 1.3 section 5.1: at most 32 bits
        if i >= len(data):
            raise WBXMLError(i, "truncated multi-byte integer")
        value = (value << 7) | (data[i] & 0x7F)
        if not data[i] & 0x80:
            if value > 0xFFFFFFFF:
                raise WBXMLError(start, "multi-byte integer overflows 32 bits")
            return value, i + 1
    raise WBXMLError(start, "multi-byte integer longer than 5 bytes")


def _read_string(data: bytes, i: int) -> tuple[str, int]:
    end = data.find(0, i + 1)
    if end < 0:
        raise WBXMLError(i, "unterminated inline string")
    try:
        return data[i + 1 : end].decode("utf-8"), end + 1
    except UnicodeDecodeError as exc:
        raise WBXMLError(i + 1 + exc.start, "invalid UTF-8 in inline string") from None


def _read_opaque(data: bytes, i: int, max_opaque: int) -> tuple[bytes, int]:
    length, start = _read_mb_u_int32(data, i + 1)
    if length > max_opaque:
        raise WBXMLLimitError(i, f"opaque data of {length} bytes, at most {max_opaque}")
    if start + length > len(data):
        raise WBXMLError(i, f"opaque data of {length} bytes runs past the end")
    return data[start : start + length], start + length


# -- encoding -------------------------------------------------------------

# tag -> (page, start tag with content, start tag + STR_I, empty tag) as str
_ENCODED_TAGS = {
    tag: (page, chr(token | WITH_CONTENT), chr(token | WITH_CONTENT) + "\x03", chr(token))
    for tag, (page, token) in TOKEN_BY_TAG.items()
}
_SWITCH = ["\x00" + chr(page) for page in range(len(NAMESPACE_BY_PAGE))]


def encode(root: Element, faults: Faults | None = None) -> bytes:
    """The WBXML body of a tree; ``faults`` makes it deliberately malformed.

    Raises ``ValueError`` for a tree WBXML cannot carry (a tag in no code
    page, a value next to children, NUL or a lone surrogate in a string) and
    ``TypeError`` for a value that is not ``str``, ``bytes`` or ``None``.
    """
    if faults is None or faults == _NO_FAULTS:
        try:
            return _encode_fast(root)
        except (AttributeError, KeyError, TypeError, ValueError):
            pass  # bytes values or an invalid tree: the token path says which
        return b"".join(_encode_tokens(root))
    return _apply_faults(_encode_tokens(root), faults)


def _encode_fast(root: Element) -> bytes:
    parts = [HEADER.decode("ascii")]
    add = parts.append
    extend = parts.extend
    encoded = _ENCODED_TAGS
    page = 0
    nuls = 1  # the header's; every STR_I and SWITCH_PAGE adds one
    stack: list[Iterator[Element]] = [iter((root,))]
    push = stack.append
    pop = stack.pop
    while stack:
        for el in stack[-1]:
            el_page, start, start_string, empty = encoded[el.tag]
            if el_page != page:
                add(_SWITCH[el_page])
                page = el_page
                nuls += 2 if el_page == 0 else 1  # SWITCH_PAGE 0 is two NULs
            value = el.value
            if el.children:
                if value is not None:
                    raise _GiveUp
                add(start)
                push(iter(el.children))
                break
            if value is None:
                add(empty)
            elif value.__class__ is str:
                extend((start_string, value, "\x00\x01"))
                nuls += 1
            else:
                raise _GiveUp
        else:
            pop()
            add("\x01")
    parts.pop()  # the END added when the iterator around the root ran out
    body = "".join(parts)
    if body.count("\x00") != nuls:
        raise _GiveUp  # a string value holds a NUL
    return body.encode("utf-8")


def _encode_tokens(root: Element) -> list[bytes]:
    """The body as a list with one token per item (the header is item 0)."""
    tokens = [HEADER]
    page = 0
    stack: list[tuple[Element, bool]] = [(root, False)]
    while stack:
        el, closing = stack.pop()
        if closing:
            tokens.append(b"\x01")
            continue
        if not isinstance(el, Element):
            raise TypeError(f"expected an Element, got {type(el).__name__}")
        key = TOKEN_BY_TAG.get(el.tag)
        if key is None:
            raise ValueError(f"tag {el.tag!r} is in no MS-ASWBXML code page")
        el_page, token = key
        if el_page != page:
            tokens.append(bytes((SWITCH_PAGE, el_page)))
            page = el_page
        value, children = el.value, el.children
        if value is None and not children:
            tokens.append(bytes((token,)))
            continue
        tokens.append(bytes((token | WITH_CONTENT,)))
        stack.append((el, True))
        if children:
            if value is not None:
                raise ValueError(f"{el.tag} has both a value and child elements")
            stack.extend((child, False) for child in reversed(children))
        elif isinstance(value, str):
            tokens.append(b"\x03" + _utf8(el.tag, value) + b"\x00")
        elif isinstance(value, bytes | bytearray):
            tokens.append(b"\xc3" + _mb_u_int32(len(value)) + bytes(value))
        else:
            raise TypeError(f"{el.tag}: value must be str, bytes or None, not {type(value)}")
    return tokens


def _utf8(tag: str, value: str) -> bytes:
    if "\x00" in value:
        raise ValueError(f"{tag}: an inline string cannot hold NUL")
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{tag}: string is not encodable as UTF-8") from None


def _mb_u_int32(value: int) -> bytes:
    out = [value & 0x7F]
    value >>= 7
    while value:
        out.append(0x80 | (value & 0x7F))
        value >>= 7
    return bytes(reversed(out))


def _apply_faults(tokens: list[bytes], faults: Faults) -> bytes:
    root_at = 2 if tokens[1][0] == SWITCH_PAGE else 1
    if faults.unknown_token:
        root_page = tokens[1][1] if root_at == 2 else 0
        unused = min(set(range(0x05, 0x40)) - set(NAMES_BY_PAGE[root_page]))
        if not tokens[root_at][0] & WITH_CONTENT:  # an empty root gets content
            tokens[root_at] = bytes((tokens[root_at][0] | WITH_CONTENT,))
            tokens.append(b"\x01")
        tokens.insert(root_at + 1, bytes((unused,)))
    if faults.drop_final_end:
        if tokens[-1] == b"\x01":
            del tokens[-1]
        else:  # an empty root: give it content and no END
            tokens[root_at] = bytes((tokens[root_at][0] | WITH_CONTENT,))
    if faults.wrong_page is not None:
        tokens.insert(1, bytes((SWITCH_PAGE, faults.wrong_page)))
    if faults.bad_version is not None:
        tokens[0] = bytes((faults.bad_version,)) + tokens[0][1:]
    if faults.invalid_utf8 or faults.unterminated_string:
        at = next((k for k in range(1, len(tokens)) if tokens[k][0] == STR_I), None)
        if at is None:
            raise ValueError("invalid_utf8 and unterminated_string need an inline string")
        if faults.invalid_utf8:
            tokens[at] = tokens[at][:-1] + b"\xff\x00"
        if faults.unterminated_string:
            del tokens[at + 1 :]
            tokens[at] = tokens[at][:-1]
    out = b"".join(tokens) + faults.trailing_garbage
    if faults.truncate_at is not None:
        if faults.truncate_at >= len(out):
            raise ValueError(f"truncate_at={faults.truncate_at} does not cut {len(out)} bytes")
        out = out[: faults.truncate_at]
    return out
