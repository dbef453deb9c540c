"""The one zip writer, and the one reader of SOURCE_DATE_EPOCH.

Word files, spreadsheets and board-meeting packages are all zips; each must be byte-identical
for the same content and date, so every zip tenderkit writes goes through `zip_bytes`, in a fixed
order, with one time stamp clamped to what a zip entry can hold (1980–2107).
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime

FIRST_ZIP_DATE, LAST_ZIP_DATE = date(1980, 1, 1), date(2107, 12, 31)  # what a zip entry's DOS time can hold


def zip_stamp(when: date) -> tuple[int, int, int, int, int, int]:
    """The entry time of a zip written on `when`, clamped to the years a zip can hold."""
    day = min(max(when, FIRST_ZIP_DATE), LAST_ZIP_DATE)
    return (day.year, day.month, day.day, 0, 0, 0)


def zip_bytes(entries: Iterable[tuple[str, bytes | str]], when: date,
              compressed: Callable[[str], bool] = lambda name: True) -> bytes:
    """A zip of `entries` in the order given, every entry stamped `when`, mode 0644."""
    stamp = zip_stamp(when)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED if compressed(name) else zipfile.ZIP_STORED
            archive.writestr(info, data)
    return buffer.getvalue()


def rezip(data: bytes, when: date, first: Iterable[str] = ()) -> bytes:
    """A zip written by another library (openpyxl stamps the current time) made reproducible:
    the same entries, `first` in front and the rest sorted, every entry stamped `when`."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        names = source.namelist()
        head = [name for name in first if name in names]
        order = head + sorted(name for name in names if name not in head)
        return zip_bytes(((name, source.read(name)) for name in order), when)


def source_epoch() -> datetime | None:
    """SOURCE_DATE_EPOCH (reproducible builds) as a UTC time, or None when unset or not a number.
    A time past what Python's dates hold is taken as the last day they hold."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return None
    try:
        return datetime.fromtimestamp(int(epoch), UTC)
    except (OverflowError, OSError, ValueError):
        return datetime(date.max.year, 12, 31, tzinfo=UTC)
