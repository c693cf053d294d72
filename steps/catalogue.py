"""The step catalogue: every step as an author writes it, its meaning and a real example.

Read from the step definitions themselves (pytest-bdd's registry of the
modules in `steps.STEP_MODULES`) and from the feature files, so that
``zpush-sim steps``, ``docs/steps.md`` and the undefined-step suggestions
(`zpush_sim.undefined`) never drift from what runs. A step is written with
its parameters named and typed: ``her contacts app shows "<name>"``,
``she tries to sync <count:number> times``; a choice of words is
``(shows|does not show)``, an optional part ``[ ... ]``.

Hand-written on purpose: no library renders a regular expression back into
the phrase it matches; the rendering walks Python's own parse of the
pattern (``re._parser``, stable since 3.11) rather than the pattern text.

Must not: run steps or know what a step does beyond its docstring.
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

from pytest_bdd import parsers
from pytest_bdd.feature import get_features
from pytest_bdd.steps import StepFunctionContext, step_function_context_registry

from steps import STEP_MODULES

# Types of the parse patterns (steps.types and parse's own) as an author reads them.
TYPE_NAMES = {
    "d": "number", "Date": "date", "Time": "time", "Minutes": "duration", "Slot": "slot",
}  # fmt: skip
TYPE_FORMATS = {
    "number": "a whole number, e.g. 3",
    "date": "YYYY-MM-DD, e.g. 2026-03-02",
    "time": "HH:MM, e.g. 09:00",
    "duration": 'e.g. "15 minutes", "2 hours", "1 week"',
    "slot": 'a sync slot in quotes, e.g. "Mobile", "Phone 2 (Private)"',
    "text": "any words (in quotes where the phrase has quotes)",
}
FORMATS = ("text", "md", "json")


@dataclass
class Parameter:
    name: str
    type: str = "text"
    choices: tuple[str, ...] = ()


@dataclass
class StepEntry:
    """One step definition as the catalogue shows it."""

    keyword: str  # Given / When / Then / Step
    phrase: str  # as an author writes it
    meaning: str  # the first line of the step function's docstring
    topic: str  # the step module: accounts, contacts, ...
    parameters: list[Parameter] = field(default_factory=list)
    example: str = ""  # a real line from features/, or ""
    pattern: str = ""
    context: StepFunctionContext | None = field(default=None, repr=False, compare=False)

    def matches(self, text: str, keyword: str | None = None) -> bool:
        if self.context is None:
            return False
        if keyword and self.context.type and self.context.type != keyword.lower():
            return False
        return self.context.parser.is_matching(text)


def step_contexts() -> Iterator[StepFunctionContext]:
    """Every step definition of the step modules, in the order the modules define them."""
    for name in STEP_MODULES:
        importlib.import_module(name)
    seen: set[int] = set()
    for context in step_function_context_registry.values():
        module = context.step_func.__module__
        if module in STEP_MODULES and id(context) not in seen:
            seen.add(id(context))
            yield context


def meaning_of(context: StepFunctionContext) -> str:
    doc = (context.step_func.__doc__ or "").strip()
    return doc.splitlines()[0].strip() if doc else ""


def topic_of(context: StepFunctionContext) -> str:
    return context.step_func.__module__.rsplit(".", 1)[-1]


# -- rendering a pattern as the phrase an author writes ---------------------------

_PARSE_FIELD = re.compile(r"\{(?P<name>\w*)(?::(?P<type>[^}]*))?\}")


def _render_parse(pattern: str) -> tuple[str, list[Parameter]]:
    params: list[Parameter] = []

    def field_(match: re.Match[str]) -> str:
        kind = TYPE_NAMES.get(match["type"] or "", "text")
        params.append(Parameter(match["name"], kind))
        return f"<{match['name']}>" if kind == "text" else f"<{match['name']}:{kind}>"

    return _PARSE_FIELD.sub(field_, pattern), params


def _literal_alternatives(items: Any) -> tuple[str, ...] | None:
    """The words of a group that is a plain choice (``on|off``), else None."""
    branches = items[0][1][1] if len(items) == 1 and items[0][0] is sre.BRANCH else [items]
    words = []
    for branch in branches:
        if not all(op is sre.LITERAL for op, _ in branch):
            return None
        words.append("".join(chr(v) for _, v in branch))
    return tuple(words)


def _render_regex(pattern: str) -> tuple[str, list[Parameter]]:
    parsed = sre_parse.parse(pattern)
    names = {number: name for name, number in parsed.state.groupdict.items()}
    params: list[Parameter] = []

    def walk(items: Any) -> str:
        out = []
        for op, value in items:
            if op is sre.LITERAL:
                out.append(chr(value))
            elif op is sre.AT:
                continue
            elif op is sre.SUBPATTERN:
                group, _, _, sub = value
                name = names.get(group) if group else None
                if name:
                    choices = _literal_alternatives(sub) or ()
                    kind = "number" if _is_digits(sub) else "text"
                    params.append(Parameter(name, kind, choices if len(choices) > 1 else ()))
                    if len(choices) == 1:  # an optional word, e.g. (?P<negation>not )?
                        out.append(choices[0])
                    elif len(choices) > 1:
                        out.append(f"<{name}:{'|'.join(choices)}>")
                    else:
                        out.append(f"<{name}>" if kind == "text" else f"<{name}:{kind}>")
                else:
                    inner = walk(sub)
                    out.append(inner if "|" not in inner or inner.startswith("(") else f"({inner})")
            elif op is sre.BRANCH:
                branches = [walk(b) for b in value[1]]
                filled = [b for b in branches if b]
                if len(filled) < len(branches):  # (a|) is an optional a
                    out.append(f"[{'|'.join(filled)}]")
                else:
                    out.append("(" + "|".join(branches) + ")")
            elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
                low, high, sub = value
                inner = walk(sub)
                if (low, high) == (0, 1):
                    single = inner.startswith("(") and inner.endswith(")") and inner.count("(") == 1
                    out.append(f"[{inner[1:-1] if single else inner}]")
                elif high == 1:
                    out.append(inner)
                else:
                    out.append("…")
            elif op is sre.IN:
                out.append("…")
            else:
                out.append("…")
        return "".join(out)

    return walk(parsed), params


def _is_digits(items: Any) -> bool:
    return all(op in (sre.MAX_REPEAT, sre.MIN_REPEAT) for op, _ in items) and "DIGIT" in str(items)


def phrase_of(context: StepFunctionContext) -> tuple[str, list[Parameter]]:
    parser = context.parser
    if isinstance(parser, parsers.re):
        return _render_regex(parser.name)
    if isinstance(parser, parsers.parse):
        return _render_parse(parser.name)
    return parser.name, []


# -- examples from the feature files -----------------------------------------------


def feature_steps(features_dir: Path) -> Iterator[tuple[str, str]]:
    """(keyword type, text) of every step line of the feature files, outlines rendered."""
    paths = sorted(str(p) for p in features_dir.glob("**/*.feature"))
    for feature in get_features(paths):
        for template in feature.scenarios.values():
            contexts = [c for block in template.examples for c in block.as_contexts()] or [{}]
            for step in template.render(contexts[0]).steps:
                yield step.type, step.name


def build(features_dir: Path | None = None) -> list[StepEntry]:
    """The catalogue, in module order; examples from FEATURES_DIR when given."""
    entries = []
    for context in step_contexts():
        phrase, params = phrase_of(context)
        keyword = (context.type or "step").capitalize()
        meaning, topic = meaning_of(context), topic_of(context)
        entry = StepEntry(keyword, phrase, meaning, topic, params, pattern=context.parser.name)
        entry.context = context
        entries.append(entry)
    if features_dir is not None:
        lines = list(feature_steps(features_dir))
        for kind, text in lines:
            for entry in entries:
                if not entry.example and entry.matches(text, kind):
                    entry.example = f"{kind.capitalize()} {text}"
                    break
        # Second choice: a line that names its device ("her Outlook for Windows sent ..."),
        # which runs as the library's words (`steps.addressing`; imported here, so that
        # pytest loads that plugin first and rewrites its asserts).
        from steps.addressing import candidates

        for kind, text in lines:
            for entry in entries:
                if not entry.example and any(
                    entry.matches(words, kind) for words, _, _ in candidates(text)
                ):
                    entry.example = f"{kind.capitalize()} {text}"
                    break
    return entries


def select(entries: Iterable[StepEntry], words: Iterable[str] = (), topic: str | None = None) -> list[StepEntry]:  # fmt: skip # noqa: E501
    """The entries of TOPIC whose phrase, meaning or example holds every one of WORDS."""
    wanted = [w.lower() for w in words]
    chosen = []
    for entry in entries:
        if topic and entry.topic != topic:
            continue
        haystack = f"{entry.phrase} {entry.meaning} {entry.example}".lower()
        if all(w in haystack for w in wanted):
            chosen.append(entry)
    return chosen


def topics(entries: Iterable[StepEntry]) -> list[str]:
    return list(dict.fromkeys(e.topic for e in entries))


# -- output ------------------------------------------------------------------------------

LEGEND = (
    "<name> is a parameter (<name:number>, <name:date>, ... say its type); "
    "(a|b) is a choice of words; [ ... ] may be left out."
)
NAMING = (
    'Where a step says "the phone", "it" or "her ... app", it may name the device instead: '
    '"her iPhone", "her Android phone", "Max\'s phone", "her iPhone\'s contacts app", '
    'or "On Max\'s phone, <step>" (steps.addressing).'
)


def as_text(entries: list[StepEntry]) -> str:
    lines = [LEGEND, NAMING]
    for topic in topics(entries):
        lines += ["", f"== {topic} =="]
        for e in (e for e in entries if e.topic == topic):
            lines.append(f"{e.keyword} {e.phrase}")
            lines.append(f"    {e.meaning or '(no docstring)'}")
            if e.example:
                lines.append(f"    e.g. {e.example}")
    return "\n".join(lines) + "\n"


def as_markdown(entries: list[StepEntry]) -> str:
    lines = [
        "# Step catalogue",
        "",
        "Generated by `zpush-sim steps --format md > docs/steps.md` from the step",
        "definitions and the feature files; `tests/test_step_catalogue.py` fails",
        "when this page is stale.",
        "",
        "`<name>` is a parameter (`<name:number>`, `<name:date>`, ... say its type); "
        "`(a|b)` is a choice of words; `[ ... ]` may be left out.",
        "",
        NAMING,
        "",
        "Types: " + "; ".join(f"`{k}`: {v}" for k, v in TYPE_FORMATS.items()) + ".",
    ]
    for topic in topics(entries):
        lines += ["", f"## {topic}", ""]
        for e in (e for e in entries if e.topic == topic):
            lines.append(f"- **{e.keyword}** `{e.phrase}`  ")
            lines.append(f"  {e.meaning or '(no docstring)'}" + ("  " if e.example else ""))
            if e.example:
                lines.append(f"  e.g. `{e.example}`")
    return "\n".join(lines) + "\n"


def as_json(entries: list[StepEntry]) -> str:
    rows = [
        {
            "keyword": e.keyword, "phrase": e.phrase, "meaning": e.meaning, "topic": e.topic,
            "parameters": [asdict(p) for p in e.parameters], "example": e.example,
            "pattern": e.pattern,
        }
        for e in entries
    ]  # fmt: skip
    head = {"legend": LEGEND, "naming": NAMING, "types": TYPE_FORMATS}
    return json.dumps({**head, "steps": rows}, indent=2) + "\n"


def render(entries: list[StepEntry], fmt: str) -> str:
    return {"text": as_text, "md": as_markdown, "json": as_json}[fmt](entries)
