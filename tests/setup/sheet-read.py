"""Reads a spreadsheet Toi exported the way a real spreadsheet program does, for the export tests.

    sheet-read.py xlsx                      an XLSX on stdin, read with openpyxl
    sheet-read.py csv SEP LANG PROFILE      a CSV on stdin, opened by LibreOffice headless with
                                            field separator SEP (',' or ';') and language LANG (a
                                            Windows LCID: 1033 en-US, 1049 ru-RU, 1087 kk-KZ), saved
                                            as XLSX and read with openpyxl; PROFILE is a directory
                                            for LibreOffice's user profile

Prints the first sheet as JSON: {"rows": [[cell, ...], ...]}, each cell {"type", "value", "format"}
where type is one of
    empty, string, number, formula,
    date      value 'YYYY-MM-DD'
    datetime  value 'YYYY-MM-DDTHH:MM:SS'
    duration  value in seconds (an elapsed-time format such as [m]:ss)
    time      value in seconds (a time of day, as "2:50" becomes: 2 hours 50 minutes)
Exits 1 with the reason on stderr when the file cannot be read.
"""
import datetime
import json
import os
import subprocess
import sys
import tempfile

import openpyxl


def fail(reason):
    sys.stderr.write(reason + "\n")
    sys.exit(1)


def seconds(value):
    if isinstance(value, datetime.timedelta):
        return round(value.total_seconds())
    return value.hour * 3600 + value.minute * 60 + value.second


def describe(cell):
    value, fmt = cell.value, cell.number_format
    if value is None:
        return {"type": "empty", "value": None, "format": fmt}
    if cell.data_type == "f":
        return {"type": "formula", "value": str(value), "format": fmt}
    if isinstance(value, datetime.timedelta):
        return {"type": "duration", "value": seconds(value), "format": fmt}
    if isinstance(value, datetime.time):
        return {"type": "time", "value": seconds(value), "format": fmt}
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0) and not any(c in fmt.lower() for c in ("h", "s")):
            return {"type": "date", "value": value.date().isoformat(), "format": fmt}
        return {"type": "datetime", "value": value.isoformat(timespec="seconds"), "format": fmt}
    if isinstance(value, datetime.date):
        return {"type": "date", "value": value.isoformat(), "format": fmt}
    if isinstance(value, bool):
        return {"type": "string", "value": str(value), "format": fmt}
    if isinstance(value, (int, float)):
        return {"type": "number", "value": value, "format": fmt}
    return {"type": "string", "value": str(value), "format": fmt}


def read_xlsx(path):
    try:
        book = openpyxl.load_workbook(path)
    except Exception as e:  # noqa: BLE001 -- any reason the file is unreadable is the answer
        fail("openpyxl cannot read the file: %s" % e)
    sheet = book.worksheets[0]
    return {"rows": [[describe(c) for c in row] for row in sheet.iter_rows()]}


def csv_through_libreoffice(data, separator, language, profile):
    with tempfile.TemporaryDirectory() as work:
        source = os.path.join(work, "export.csv")
        with open(source, "wb") as f:
            f.write(data)
        # Tokens: separator, text delimiter '"', UTF-8 (76), from line 1, standard column types,
        # language; LibreOffice's defaults otherwise, as a user opening the file gets them.
        infilter = "CSV:%d,34,76,1,,%s" % (ord(separator), language)
        done = subprocess.run(
            [
                "soffice",
                "-env:UserInstallation=file://" + os.path.abspath(profile),
                "--headless",
                "--infilter=" + infilter,
                "--convert-to",
                "xlsx",
                "--outdir",
                work,
                source,
            ],
            capture_output=True,
            timeout=180,
        )
        target = os.path.join(work, "export.xlsx")
        if done.returncode != 0 or not os.path.exists(target):
            fail("LibreOffice did not convert the CSV: %s" % (done.stderr or done.stdout).decode(errors="replace"))
        return read_xlsx(target)


def main():
    data = sys.stdin.buffer.read()
    if len(sys.argv) >= 2 and sys.argv[1] == "xlsx":
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as f:
            f.write(data)
            f.flush()
            result = read_xlsx(f.name)
    elif len(sys.argv) == 5 and sys.argv[1] == "csv":
        result = csv_through_libreoffice(data, sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        fail(__doc__)
    json.dump(result, sys.stdout, ensure_ascii=False)


main()
