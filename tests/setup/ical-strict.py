"""Reads an iCalendar file on stdin and checks it strictly (RFC 5545) with the icalendar library.

Exits 1 with the reason on stderr when anything is off; else prints what it parsed as JSON, for
the test to compare: the calendar's name and each VEVENT's UID, summary, start and end.
"""
import json
import sys

import icalendar
from icalendar.cal import Component, component_factory

# Strict mode: the library otherwise swallows a bad property into component.errors.
Component.ignore_exceptions = False
for cls in component_factory.values():
    cls.ignore_exceptions = False


def fail(reason):
    sys.stderr.write(reason + "\n")
    sys.exit(1)


data = sys.stdin.buffer.read()
if not data.endswith(b"\r\n"):
    fail("the file does not end with CRLF")
for number, line in enumerate(data[:-2].split(b"\r\n"), start=1):
    if b"\n" in line or b"\r" in line:
        fail("line %d has a bare CR or LF" % number)
    if len(line) > 75:
        fail("line %d is %d octets long (at most 75): %r" % (number, len(line), line))
    try:
        line.decode("utf-8", errors="strict")
    except UnicodeDecodeError as e:
        fail("line %d splits a UTF-8 sequence: %s" % (number, e))

calendar = icalendar.Calendar.from_ical(data.decode("utf-8"))
if calendar.name != "VCALENDAR":
    fail("the top component is %s, not VCALENDAR" % calendar.name)
for prop in ("VERSION", "PRODID"):
    if prop not in calendar:
        fail("the calendar has no " + prop)
if str(calendar["VERSION"]) != "2.0":
    fail("VERSION is not 2.0")
if not calendar.subcomponents:
    fail("the calendar has no component (RFC 5545 wants at least one)")

events = []
uids = set()
for component in calendar.walk():
    if component.errors:
        fail("%s: %s" % (component.name, component.errors))
    if component.name != "VEVENT":
        continue
    for prop in ("UID", "DTSTAMP", "DTSTART"):
        if prop not in component:
            fail("a VEVENT has no " + prop)
    uid = str(component["UID"])
    if uid in uids:
        fail("UID %s appears twice" % uid)
    uids.add(uid)
    start = component.decoded("DTSTART")
    end = component.decoded("DTEND") if "DTEND" in component else None
    if end is not None:
        if type(start) is not type(end):
            fail("%s: DTSTART and DTEND are not of one value type" % uid)
        if end <= start:
            fail("%s: DTEND is not after DTSTART" % uid)
    events.append(
        {
            "uid": uid,
            "summary": str(component.get("SUMMARY", "")),
            "location": str(component.get("LOCATION", "")),
            "start": start.isoformat(),
            "end": end.isoformat() if end is not None else None,
            "allDay": component["DTSTART"].params.get("VALUE") == "DATE",
        }
    )

json.dump({"name": str(calendar.get("X-WR-CALNAME", "")), "events": events}, sys.stdout, ensure_ascii=False)
