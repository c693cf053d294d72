"""A scenario skeleton from a Z-Push log, in the harness's step language, for QA to edit.

From the log it reads: the device (DeviceType -> the guide's device names),
the data the server sent at the first sync (each becomes a Given), the
user's own changes in later Syncs (Add, Change, Delete per class, as the
apps' When steps), a change on the server side that a Ping announced, and
the answers worth a check (Then steps, and comments where the log's
server answered a device change with an error). What no step expresses
yet is written as a ``# TODO`` comment, never as an invented step.

Must not: replay anything; it reads the decoded requests and answers.
"""

from __future__ import annotations

from eas.tree import Element
from zpush_sim.replay.replayer import class_of, decode
from zpush_sim.replay.rewrite import collections, text
from zpush_sim.replay.zlog import LoggedRequest

# Z-Push's devType -> the phrase steps/devices.py knows.
DEVICES = {"iphone": "an iPhone", "ipad": "an iPhone", "android": "an Android phone",
           "windowsoutlook15": "Outlook for Windows", "windowsoutlook": "Outlook for Windows",
           "tbsync": "Thunderbird"}  # fmt: skip


def title_of(class_name: str, data: Element | None) -> str:
    if data is None:
        return "?"
    if class_name == "Contacts":
        first, last = data.findtext("Contacts:FirstName"), data.findtext("Contacts:LastName")
        return " ".join(filter(None, (first, last))) or data.findtext("Contacts:FileAs") or "?"
    return data.findtext(f"{'Tasks' if class_name == 'Tasks' else 'Calendar'}:Subject") or "?"


def _device_change(class_name: str, op: str, data: Element | None, before: str) -> list[str]:
    title = title_of(class_name, data) if data is not None else before
    before = title if op == "Add" else before
    if class_name == "Contacts":
        if op == "Add" and data is not None:
            company = data.findtext("Contacts:CompanyName") or "?"
            mobile = data.findtext("Contacts:MobilePhoneNumber") or "?"
            email = (data.findtext("Contacts:Email1Address") or "?").strip('"<>')
            return [
                f'When she creates the contact "{title}" of "{company}" with the mobile number '
                f'"{mobile}" and the e-mail address "{email}" on the phone',
                f'Then onOffice has the address "{title}" ticked for onOffice Sync',
            ]
        if op == "Delete":
            return [
                f'When she deletes the contact "{before}" on the phone',
                f'Then her contacts app does not show "{before}"',
            ]
        return [f'# TODO: she changes the contact "{before}" on the phone (now "{title}")']
    if class_name == "Tasks":
        if op == "Add":
            return [f'When she creates the task "{title}" in her task app']
        if op == "Change" and data is not None and data.findtext("Tasks:Complete") == "1":
            return [f'When she marks the task "{before}" as completed in her task app']
        if op == "Change" and title != before:
            return [f'When she renames the task "{before}" to "{title}" in her task app']
        return [f'# TODO: she {op.lower()}s the task "{before}" in her task app']
    if op == "Delete":
        return [f'When she deletes the appointment "{before}" on the phone']
    return [f'# TODO: she {op.lower()}s the appointment "{before}" on the phone (now "{title}")']


def skeleton(requests: list[LoggedRequest], source: str) -> str:
    device_type = next((r.device_type for r in requests if r.device_type), "")
    device = DEVICES.get(device_type.lower())
    when = requests[0].time
    out = [
        "@bug",
        f"Feature: What the {device_type or 'device'} of {source} did",
        "",
        f"  # Written by zpush-sim replay --gherkin from {source}; edit before use.",
        f"  Scenario: The {device_type or 'device'} of the log",
        f"    Given today is {when:%Y-%m-%d %H:%M}",
        '    And Jane Doe of "DoeRealEstate" uses Z-Push with the password "demo"',
    ]
    folder_class: dict[str, str] = {}
    known: dict[str, tuple[str, str]] = {}  # ServerId -> (class, title)
    given: list[str] = []
    body: list[str] = []
    edited = False  # before the user's first change, what the server sends is the Given data
    setups = 0
    for index, r in enumerate(requests):
        answer = decode(r.response.data if r.response else None)[0]
        sent = decode(r.request.data if r.request and not r.request.truncated else None)[0]
        if r.command == "OPTIONS":
            setups += 1
            if setups > 1:
                body.append("# TODO: she removes the account and adds it again on the same device")
                body.append("When she adds the account in the usual way for the phone")
                body.append("And she waits until the phone has synchronised")
        if r.command == "FolderSync" and answer is not None:
            for add in answer.findall("Changes/Add"):
                kind = class_of(text(add, "Type"))
                if kind:
                    folder_class[text(add, "ServerId")] = kind
        if r.command == "Sync":
            edited = edited or any(
                c.find("Commands") is not None for c in collections(sent).values()
            )
            body += _sync_lines(sent, answer, folder_class, known, given, edited)
        if r.command == "Ping" and answer is not None and answer.findtext("Status") == "2":
            later = requests[index + 1 : index + 2]
            news = decode(later[0].response.data if later and later[0].response else None)[0]
            for folder_id, coll in collections(news).items():
                for add in coll.findall("Commands/Add"):
                    kind = folder_class.get(folder_id, "")
                    title = title_of(kind, add.find("ApplicationData"))
                    known[text(add, "ServerId")] = (kind, title)
                    if kind == "Contacts":
                        body.append(
                            f'When onOffice gets the address "{title}" ticked for onOffice Sync'
                        )
                        body.append("And 1 minute passes")
                        body.append(f'Then her contacts app shows "{title}"')
                    else:
                        body.append(
                            f'# TODO: onOffice gets the {kind} item "{title}"; then it shows'
                        )
    phone = device or "an iPhone"
    if device is None:
        given.append(f"# TODO: devType {device_type!r} has no profile yet; an iPhone stands in")
    out += [f"    {line}" if line.startswith("#") else f"    And {line}" for line in given]
    out += [
        f"    And Jane has {phone}",
        "    And she has set up her onOffice account on it and synchronised",
    ]
    out += [f"    {line}" for line in body]
    return "\n".join(out) + "\n"


def _sync_lines(
    sent: Element | None,
    answer: Element | None,
    folder_class: dict[str, str],
    known: dict[str, tuple[str, str]],
    given: list[str],
    edited: bool,
) -> list[str]:
    lines: list[str] = []
    answers = collections(answer)
    for folder_id, coll in collections(sent).items():
        kind = folder_class.get(folder_id, "")
        block = coll.find("Commands")
        if block is None:
            continue
        checks: list[str] = []
        for command in block.children:
            sid = text(command, "ServerId")
            before = known.get(sid, (kind, sid))[1]
            for line in _device_change(kind, command.name, command.find("ApplicationData"), before):
                (checks if line.startswith("Then") else lines).append(line)
        lines.append("And the phone has sent her change")
        lines += _results(answers.get(folder_id)) + checks
    for folder_id, coll in answers.items():
        kind = folder_class.get(folder_id, "")
        for add in coll.findall("Commands/Add"):
            title = title_of(kind, add.find("ApplicationData"))
            sid = text(add, "ServerId")
            if sid in known:
                continue
            known[sid] = (kind, title)
            if not edited:
                data = add.find("ApplicationData")
                given.append(
                    _appointment(data, title) if kind == "Calendar" else _given(kind, title)
                )
    return lines


def _results(coll: Element | None) -> list[str]:
    if coll is None or coll.find("Responses") is None:
        return []
    out = []
    for result in coll.find("Responses").children:  # type: ignore[union-attr]
        status = result.findtext("Status")
        if status != "1":
            out.append(f"# the log's server answered the {result.name} with Status {status}")
    return out


def _given(kind: str, title: str) -> str:
    if kind == "Contacts":
        return f'the address "{title}" is ticked for onOffice Sync'
    if kind == "Tasks":
        return f'Jane is responsible for the task "{title}"'
    return f'# TODO: Jane has the appointment "{title}" (see the log for its date)'


def _appointment(data: Element | None, title: str) -> str:
    """The guide's Given for an appointment, with the log's date and times (UTC)."""
    start = (data.findtext("Calendar:StartTime") or "") if data is not None else ""
    end = (data.findtext("Calendar:EndTime") or "") if data is not None else ""
    if len(start) < 13 or len(end) < 13:
        return _given("Calendar", title)
    day = f"{start[:4]}-{start[4:6]}-{start[6:8]}"
    if data is not None and data.findtext("Calendar:AllDayEvent") == "1":
        return f'Jane has the all-day appointment "{title}" on {day}'
    return f'Jane has the appointment "{title}" on {day} from {start[9:11]}:{start[11:13]} to {end[9:11]}:{end[11:13]}'  # noqa: E501
