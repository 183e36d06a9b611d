"""CSV (UTF-8 or GBK/GB18030) and Excel (.xlsx, .xls) exports with Chinese column headers."""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator, Sequence
from itertools import chain, islice
from typing import BinaryIO

from zhichan.patents import normalise
from zhichan.patents.importers import headers
from zhichan.patents.importers.base import (
    Failed,
    Format,
    Item,
    Meter,
    Options,
    Parsed,
    Raw,
    source_error,
)

SNIFF_ROWS = 15


def detect_encoding(head: bytes, name: str) -> str:
    """UTF-8 (with or without BOM) when it decodes, else GB18030 (a superset of GBK)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return encoding
        except UnicodeDecodeError as exc:
            # The sniffed block may end inside a multi-byte character.
            if exc.start >= len(head) - 4:
                return encoding
    raise source_error(name, "文件编码无法识别：既不是 UTF-8 也不是 GBK/GB18030")


def _rows(
    raw_rows: Iterator[tuple[int, Sequence[object]]], opts: Options
) -> Iterator[Raw | Failed]:
    first = list(islice(raw_rows, SNIFF_ROWS))
    if not first:
        raise source_error(opts.source_name, "文件为空")
    header_index = (
        (opts.header_row - 1)
        if opts.header_row
        else headers.find_header_row([r for _, r in first], opts.mapping)
    )
    if header_index >= len(first):
        raise source_error(opts.source_name, f"表头行 {opts.header_row} 超出文件范围")
    header_line, header = first[header_index]
    columns = headers.match(header, opts.mapping)
    headers.require(columns, opts.source_name, header_line)
    for line, row in chain(first[header_index + 1 :], raw_rows):
        values = {
            field: row[i]
            for i, field in columns.items()
            if i < len(row) and row[i] not in (None, "")
        }
        if values:
            yield Raw(f"第 {line} 行", values)


def parse(raw: Raw, opts: Options) -> Item:
    try:
        built = normalise.build(
            raw.payload, source=opts.source_name, known_main_groups=opts.known_main_groups
        )
    except normalise.RowError as exc:
        return Failed(raw.location, exc.field, exc.reason)
    return Parsed(raw.location, built.records, built.warnings)


def csv_rows(fh: BinaryIO, opts: Options, meter: Meter) -> Iterator[Raw | Failed]:
    head = fh.read(65536)
    encoding = detect_encoding(head, opts.source_name)
    fh.seek(0)
    text = io.TextIOWrapper(fh, encoding=encoding, newline="", errors="strict")
    reader = csv.reader(text)

    def numbered() -> Iterator[tuple[int, Sequence[object]]]:
        try:
            start = 1
            for row in reader:
                meter.done = fh.tell() if fh.seekable() else meter.done
                yield start, row  # the line a record starts on, as an editor shows it
                start = reader.line_num + 1
        except UnicodeDecodeError as exc:
            raise source_error(
                opts.source_name, f"编码错误（按 {encoding} 读取失败）", reader.line_num + 1
            ) from exc
        except csv.Error as exc:
            raise source_error(opts.source_name, f"CSV 格式错误：{exc}", reader.line_num) from exc

    yield from _rows(numbered(), opts)


def xlsx_rows(fh: BinaryIO, opts: Options, meter: Meter) -> Iterator[Raw | Failed]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(fh, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise source_error(opts.source_name, f"不是有效的 .xlsx 文件：{exc}") from exc
    try:
        sheet = book[opts.sheet] if opts.sheet else book.worksheets[0]
    except KeyError as exc:
        raise source_error(opts.source_name, f"没有名为 {opts.sheet} 的工作表") from exc
    total = sheet.max_row or 1

    def numbered() -> Iterator[tuple[int, Sequence[object]]]:
        for n, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            meter.done = int(meter.total * n / total)
            yield n, row

    try:
        yield from _rows(numbered(), opts)
    finally:
        book.close()


def xls_rows(fh: BinaryIO, opts: Options, meter: Meter) -> Iterator[Raw | Failed]:
    import xlrd

    try:
        # xlrd prints its warnings to stdout otherwise
        book = xlrd.open_workbook(file_contents=fh.read(), logfile=io.StringIO())
        sheet = book.sheet_by_name(opts.sheet) if opts.sheet else book.sheet_by_index(0)
    except Exception as exc:  # xlrd raises struct, index and assertion errors on a damaged file
        why = str(exc) if isinstance(exc, xlrd.XLRDError) else "文件已损坏或不完整"
        raise source_error(opts.source_name, f"不是有效的 .xls 文件：{why}") from exc

    def cell(c: xlrd.sheet.Cell) -> object:
        if c.ctype == xlrd.XL_CELL_DATE:
            return xlrd.xldate.xldate_as_datetime(c.value, book.datemode).date()
        if c.ctype == xlrd.XL_CELL_NUMBER and float(c.value).is_integer():
            return str(int(c.value))
        return c.value

    def numbered() -> Iterator[tuple[int, Sequence[object]]]:
        for n in range(sheet.nrows):
            meter.done = int(meter.total * (n + 1) / max(sheet.nrows, 1))
            yield n + 1, [cell(c) for c in sheet.row(n)]

    yield from _rows(numbered(), opts)


CSV = Format("csv", csv_rows, parse, parallel=True)
XLSX = Format("xlsx", xlsx_rows, parse, parallel=True)
XLS = Format("xls", xls_rows, parse, parallel=True)
