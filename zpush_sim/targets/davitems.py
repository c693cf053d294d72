"""The onOffice model's values as vCards (RFC 6350, 3.0) and iCalendar (RFC 5545) and back.

What the ``dav`` target PUTs and reads: an `Address` as a vCard (vobject),
an `Appointment` as a VEVENT and a `Task` as a VTODO (icalendar). Only
what both sides have travels: names, company, the salutation (as the
name's prefix), birthday, homepage, postal address, e-mails and phones;
subject, times, all-day, place, notes, privacy, reminder, repetition;
subject, description, priority, start and due dates, privacy, reminder,
completion. onOffice's own fields (slots beyond the vCard's types,
links, agents) have no place in DAV: the target refuses them by
capability before it gets here.

Must not: do I/O (`zpush_sim.targets.dav` does).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar
import vobject

from server.model import (
    Address,
    Appointment,
    Number,
    NumberKind,
    Priority,
    RepeatUnit,
    Slot,
    Task,
    TaskStatus,
)

# The vCard TEL types a phone reads for each slot (RFC 6350 6.4.1; SOGo's mapping).
TEL_TYPES: dict[Slot, list[str]] = {
    Slot.MOBILE: ["cell"], Slot.PHONE_BUSINESS: ["work"], Slot.PHONE_PRIVATE: ["home"],
    Slot.FAX_BUSINESS: ["fax", "work"], Slot.FAX_PRIVATE: ["fax", "home"], Slot.PAGER: ["pager"],
}  # fmt: skip
FREQ = {RepeatUnit.DAYS: "DAILY", RepeatUnit.WEEKS: "WEEKLY", RepeatUnit.MONTHS: "MONTHLY",
        RepeatUnit.YEARS: "YEARLY"}  # fmt: skip
# onOffice's six priorities -> RFC 5545 3.8.1.9 (1 highest .. 9 lowest, 0 undefined).
ICAL_PRIORITY = {Priority.HIGHEST: 1, Priority.HIGH: 3, Priority.NORMAL: 5, Priority.LOW: 7,
                 Priority.LOWEST: 9, Priority.NONE: 0}  # fmt: skip


def to_vcard(uid: str, address: Address) -> str:
    card = vobject.vCard()
    card.add("uid").value = uid
    card.add("n").value = vobject.vcard.Name(
        family=address.last_name, given=address.first_name, prefix=address.salutation
    )
    card.add("fn").value = address.name
    if address.company:
        card.add("org").value = [address.company]
    if address.birthday:
        card.add("bday").value = address.birthday.isoformat()
    if address.homepage:
        url = card.add("url")
        url.value = address.homepage
        url.type_param = "work"  # SOGo gives EAS WebPage the work URL
    if address.street or address.city:
        adr = card.add("adr")
        adr.value = vobject.vcard.Address(
            street=address.street, city=address.city, code=address.zip, country=address.country
        )
        adr.type_param = "work"  # onOffice's postal address is the business address (B-CON-3)
    for number in address.numbers:
        if number.kind is NumberKind.EMAIL:
            line = card.add("email")
            line.value = number.value
            line.type_param = "work"
        else:
            line = card.add("tel")
            line.value = number.value
            types = TEL_TYPES.get(number.slot or Slot.PHONE_BUSINESS, ["voice"])
            line.params["TYPE"] = types
    text: str = card.serialize()
    return text


def from_vcard(text: str) -> Address:
    card = vobject.readOne(text)
    name = card.n.value if hasattr(card, "n") else vobject.vcard.Name()
    numbers: list[Number] = []
    for line in getattr(card, "email_list", []):
        email_slot = [Slot.EMAIL1, Slot.EMAIL2, Slot.EMAIL3][min(len(numbers), 2)]
        numbers.append(Number(NumberKind.EMAIL, str(line.value), not numbers, email_slot))
    for line in getattr(card, "tel_list", []):
        types = {t.lower() for t in line.params.get("TYPE", [])}
        slot = next((s for s, t in TEL_TYPES.items() if set(t) <= types), None)
        kind = NumberKind.MOBILE if slot is Slot.MOBILE else NumberKind.PHONE
        numbers.append(Number(kind, str(line.value), False, slot))
    adr = card.adr.value if hasattr(card, "adr") else vobject.vcard.Address()
    bday = str(card.bday.value)[:10] if hasattr(card, "bday") else ""
    return Address(
        first_name=str(name.given), last_name=str(name.family), salutation=str(name.prefix),
        company=str(card.org.value[0]) if hasattr(card, "org") else "",
        street=str(adr.street), zip=str(adr.code), city=str(adr.city), country=str(adr.country),
        birthday=date.fromisoformat(bday) if bday else None,
        homepage=str(card.url.value) if hasattr(card, "url") else "",
        onoffice_sync=True, numbers=tuple(numbers),
    )  # fmt: skip


def _calendar(component: icalendar.cal.Component) -> str:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//zpush-sim//targets//EN")
    cal.add("version", "2.0")
    cal.add_component(component)
    return str(cal.to_ical().decode())


def _alarm(trigger: timedelta | datetime) -> icalendar.Alarm:
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", "Reminder")
    alarm.add("trigger", trigger)
    return alarm


def to_vevent(uid: str, appointment: Appointment) -> str:
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", datetime.now(UTC))
    event.add("summary", appointment.subject)
    if appointment.all_day:
        event.add("dtstart", appointment.start.date())
        event.add("dtend", appointment.end.date())
    else:
        event.add("dtstart", appointment.start.astimezone(UTC))
        event.add("dtend", appointment.end.astimezone(UTC))
    if appointment.location:
        event.add("location", appointment.location)
    if appointment.notes:
        event.add("description", appointment.notes)
    if appointment.private:
        event.add("class", "PRIVATE")
    if appointment.repeat_unit is not None:
        rule = {"FREQ": FREQ[appointment.repeat_unit], "INTERVAL": appointment.repeat_every}
        event.add("rrule", rule)
    if appointment.reminder_minutes is not None:
        event.add_component(_alarm(-timedelta(minutes=appointment.reminder_minutes)))
    return _calendar(event)


def _moment(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.combine(value, datetime.min.time(), tzinfo=UTC)


def from_vevent(text: str) -> Appointment:
    event = next(iter(icalendar.Calendar.from_ical(text).walk("VEVENT")))
    start = event.decoded("dtstart")
    end = event.decoded("dtend") if "dtend" in event else start
    reminder = None
    for alarm in event.walk("VALARM"):
        trigger = alarm.decoded("trigger")
        if isinstance(trigger, timedelta):
            reminder = int(-trigger.total_seconds() // 60)
    rule = event.get("rrule")
    unit = every = None
    if rule:
        unit = next(u for u, f in FREQ.items() if f == rule["FREQ"][0])
        every = int(rule.get("INTERVAL", [1])[0])
    return Appointment(
        str(event.get("summary", "")), _moment(start), _moment(end),
        all_day=not isinstance(start, datetime), location=str(event.get("location", "")),
        notes=str(event.get("description", "")), private=event.get("class") == "PRIVATE",
        reminder_minutes=reminder, repeat_unit=unit, repeat_every=every or 1,
    )  # fmt: skip


def to_vtodo(uid: str, task: Task) -> str:
    todo = icalendar.Todo()
    todo.add("uid", uid)
    todo.add("dtstamp", datetime.now(UTC))
    todo.add("summary", task.subject)
    if task.description:
        todo.add("description", task.description)
    todo.add("priority", ICAL_PRIORITY[task.priority])
    if task.postponed:
        todo.add("dtstart", task.postponed.astimezone(UTC))
    if task.deadline:
        todo.add("due", task.deadline.astimezone(UTC))
    if task.private:
        todo.add("class", "PRIVATE")
    if task.reminder:
        todo.add_component(_alarm(task.reminder.astimezone(UTC)))
    done = task.status is TaskStatus.COMPLETED
    todo.add("status", "COMPLETED" if done else "NEEDS-ACTION")
    if done:
        todo.add("percent-complete", 100)
        if task.completed_on:
            todo.add("completed", task.completed_on.astimezone(UTC))
    return _calendar(todo)


def from_vtodo(text: str) -> Task:
    todo = next(iter(icalendar.Calendar.from_ical(text).walk("VTODO")))
    level = int(todo.get("priority", 0))
    priority = min(ICAL_PRIORITY, key=lambda p: abs(ICAL_PRIORITY[p] - level) if level else 0)
    reminder = None
    for alarm in todo.walk("VALARM"):
        trigger = alarm.decoded("trigger")
        if isinstance(trigger, datetime):
            reminder = _moment(trigger)
    done = str(todo.get("status", "")).upper() == "COMPLETED"
    return Task(
        str(todo.get("summary", "")), description=str(todo.get("description", "")),
        priority=priority if level else Priority.NORMAL,
        status=TaskStatus.COMPLETED if done else TaskStatus.OPEN,
        postponed=_moment(todo.decoded("dtstart")) if "dtstart" in todo else None,
        deadline=_moment(todo.decoded("due")) if "due" in todo else None,
        private=todo.get("class") == "PRIVATE", reminder=reminder,
        progress=int(todo.get("percent-complete", 100 if done else 0)),
        completed_on=_moment(todo.decoded("completed")) if "completed" in todo else None,
    )  # fmt: skip
