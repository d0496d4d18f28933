"""One import, stage by stage: read, map, sort out deals, resolve names, validate, store.

Every data row ends up imported (perhaps with a warning) or set aside with its line, the
column and the reason; the report counts both by reason. Two things only the whole file
can tell are settled by an extra pass over it, when they are needed: the order of day
and month in a date column (when some date could be read either way), and the most
common currency of the won deals (adopted as the reporting currency by a workspace that
has none).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.progress import Progress
from sqlalchemy.engine import Connection

from toolkit.store import currencies
from toolkit.store.importing import columns, deals, keys, references
from toolkit.store.importing.csv_reader import read_csv
from toolkit.store.importing.excel_reader import read_excel
from toolkit.store.importing.header_rows import HeaderRule
from toolkit.store.importing.rejects import RowFile
from toolkit.store.importing.storing import write_transaction
from toolkit.store.importing.tables import Batch, ImportFileError, Table
from toolkit.store.mappings import IMPORT_ONLY_FIELDS, Mapping, load_mapping
from toolkit.store.mappings.layout import FileLayout
from toolkit.store.parsing import DateOrder, FoundOrder, could_be_either, infer_date_order
from toolkit.store.private import open_private
from toolkit.store.records import RecordKind, record_kind
from toolkit.store.workspace import Workspace

CSV_SUFFIXES = (".csv", ".txt", ".tsv", ".dat", ".prn")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
#: Files with more data rows than this show a progress bar.
PROGRESS_MIN_ROWS = 10_000
#: What the survey says about a date column whose dates show their order.
ORDER_NOTES = {
    "DMY": "dates read day first (a date with a day over 12 shows it)",
    "MDY": "dates read month first (a date with a day over 12 shows it)",
    "mixed": "dates written in both orders; those that read either way are set aside",
}
NO_PROBLEMS = pd.DataFrame({"row": pd.Series(dtype="int64"), "column": [], "reason": []})


@dataclass
class ImportReport:
    """What one import did: counts, where the kept copy and the set-aside rows went.

    ``rows_read`` counts data rows (blank lines are skipped and not counted);
    ``imported + rejected == rows_read`` always holds. ``set_aside`` counts the rejected
    rows by reason (:func:`~toolkit.store.importing.rejects.category`), ``warnings``
    the imported rows that had something left out. ``currency`` is the reporting
    currency amounts were brought to, when the file named currencies.
    """

    kind: str
    source: Path
    encoding: str | None
    rows_read: int
    imported: int
    rejected: int
    rejects_path: Path | None
    kept_path: Path
    messages: list[str] = field(default_factory=list)
    set_aside: dict[str, int] = field(default_factory=dict)
    warnings: dict[str, int] = field(default_factory=dict)
    warnings_path: Path | None = None
    currency: str | None = None
    first_rejects: list[str] = field(default_factory=list)

    @property
    def warned(self) -> int:
        """Imported rows with a warning."""
        return sum(self.warnings.values())

    @property
    def not_won(self) -> int:
        """Deals set aside because they were lost or are still open."""
        return sum(n for reason, n in self.set_aside.items() if reason.startswith(deals.NOT_WON))

    def summary(self) -> str:
        """A few lines for the terminal: counts first, then where to look."""
        lines = [
            f"{self.source}: {self.imported} {self.kind} row(s) imported, {self.rejected} set "
            f"aside, {self.warned} with a warning (of {self.rows_read} read)",
        ]
        if self.set_aside:
            lines.append(f"set aside: {_listing(self.set_aside)}")
        if self.warnings:
            lines.append(f"warnings: {_listing(self.warnings)}")
        lines += [*self.messages, f"kept a copy as {self.kept_path}"]
        if self.imported == 0 and self.first_rejects:
            lines += ["first rows set aside:", *(f"  {row}" for row in self.first_rejects)]
        if self.rejects_path is not None:
            lines.append(f"rows set aside, with line numbers and reasons: {self.rejects_path}")
        if self.warnings_path is not None:
            lines.append(f"rows imported with a warning: {self.warnings_path}")
        return "\n".join(lines)


def _listing(counts: dict[str, int]) -> str:
    """``12 not won (6 Closed lost, 6 open stages...); 1 amount in CAD``: counts by reason,
    the deals not won grouped under one count with their outcomes."""
    prefix = f"{deals.NOT_WON}: "
    outcomes = {r.removeprefix(prefix): n for r, n in counts.items() if r.startswith(prefix)}
    parts = [f"{n} {reason}" for reason, n in counts.items() if not reason.startswith(prefix)]
    if outcomes:
        listed = ", ".join(f"{n} {outcome}" for outcome, n in outcomes.items())
        parts.insert(0, f"{sum(outcomes.values())} {deals.NOT_WON} ({listed})")
    return "; ".join(parts)


def open_table(path: Path, record: RecordKind, mapping: Mapping, sheet: str | int | None) -> Table:
    """Open a CSV, text or Excel file for reading, by its suffix."""
    suffix = path.suffix.lower()
    layout = mapping.layout
    if suffix in EXCEL_SUFFIXES:
        if layout.given:
            raise ImportFileError(
                f"{path}: a delimiter, columns or widths apply to text files, not workbooks"
            )
        score = columns.header_score(mapping.kind(record.name), record)
        return read_excel(path, sheet, score)
    if sheet is not None:
        raise ImportFileError(f"{path}: --sheet applies to Excel workbooks, not {suffix} files")
    if suffix in CSV_SUFFIXES:
        kind = mapping.kind(record.name)
        own_header = columns.own_header_test(kind, record, layout.columns)
        score = columns.header_score(kind, record)
        rule = HeaderRule(layout.columns, own_header, lambda cells: score(cells) > 0)
        return read_csv(path, layout, rule)
    raise ImportFileError(
        f"{path}: cannot import {suffix or 'files without a suffix'}; save it as .csv or .xlsx"
    )


def import_file(
    ws: Workspace,
    kind: str,
    path: str | os.PathLike[str],
    participant_id: str | None = None,
    mapping: str | os.PathLike[str] | Mapping | None = None,
    progress: bool | None = None,
    *,
    date_order: DateOrder | None = None,
    sheet: str | int | None = None,
    file_layout: FileLayout | None = None,
) -> ImportReport:
    """Import one CSV, text or .xlsx file of ``kind`` records for a participant.

    ``participant_id`` may be omitted when the workspace has exactly one member
    participant. ``mapping`` is a preset name, a YAML file or a loaded :class:`Mapping`
    (default: the generic layout). ``date_order`` overrides the mapping's order of day
    and month; ``sheet`` picks a workbook's sheet by name or number (from 1);
    ``file_layout`` overrides the mapping's text layout (delimiter, the column names of a
    file without a header row, fixed widths). ``progress`` shows a progress bar for files
    over 10,000 rows (None: when writing to a terminal).

    Raises :class:`ImportFileError` when nothing could be read; otherwise every row is
    either imported or written to the rejects file named in the report.
    """
    record = record_kind(kind)
    path = Path(path)
    if not path.is_file():
        raise ImportFileError(f"{path}: no such file")
    layout = mapping if isinstance(mapping, Mapping) else load_mapping(mapping)
    layout = layout.with_date_order(date_order).with_layout(file_layout or FileLayout())
    participant_id = ws.resolve_participant(participant_id)
    table = open_table(path, record, layout, sheet)
    with contextlib.closing(table):
        return _Import(ws, table, record, participant_id, layout).run(progress)


@contextlib.contextmanager
def _progress(show: bool | None, total: int | None, label: str) -> Iterator[Callable[[int], None]]:
    """A rich progress bar over data rows for big files; yields ``advance(rows)``."""
    if show is None:
        show = Console().is_terminal
    if not show or total is None or total <= PROGRESS_MIN_ROWS:
        yield lambda rows: None
        return
    with Progress(transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda rows: bar.advance(task, rows)


def _without(frame: pd.DataFrame, rows: pd.Index | pd.Series) -> pd.DataFrame:
    """``frame`` without the rows labelled ``rows`` (the same frame when there are none:
    copying a batch of a million rows for nothing costs more than the check)."""
    return frame.drop(rows) if len(rows) else frame


def _problems(
    rows: pd.Index, column: str | list[str], reasons: pd.Series | str | list[str]
) -> pd.DataFrame:
    return pd.DataFrame({"row": rows, "column": column, "reason": reasons})


class _Import:
    """The state of one import while its batches go through the stages."""

    def __init__(
        self,
        ws: Workspace,
        table: Table,
        record: RecordKind,
        participant_id: str,
        mapping: Mapping,
    ) -> None:
        self.ws, self.table, self.record = ws, table, record
        self.participant_id, self.mapping = participant_id, mapping
        layout = mapping.kind(record.name)
        made = keys.missing_key(record, layout, table.header)
        self.ids = keys.RowIds(made) if made else None
        if self.ids is not None:
            table.messages.append(self.ids.note)
        self.planned = columns.plan(table, layout, record, made=(made,) if made else ())
        self.unknown = references.UnknownClients(record)
        self.seen: dict[str, object] = {}
        self.currency: str | None = None
        self.rates: dict = {}
        self.surveyed = False
        self.names: references.Names | None = None

    # --- the first pass ---------------------------------------------------------------

    def _open_date_fields(self) -> dict[str, tuple[columns.Planned, ...]]:
        """The date fields whose order of day and month the user did not give."""
        if self.mapping.options.date_order is not None:
            return {}
        return {
            spec.name: self.planned[spec.name]
            for spec in self.record.fields
            if spec.type in ("date", "datetime") and spec.name in self.planned
        }

    def _texts(self, batch: Batch, names: dict) -> pd.DataFrame:
        """Some fields of a batch as text (the survey's cheap look at a batch)."""
        return columns.frame(batch, names, self.mapping, self.record)[0]

    def _settle_date_orders(self, text: pd.DataFrame) -> None:
        """Fix the order of day and month of every open date field from the whole file,
        the first time a batch (``text``, as mapped) holds a date that reads either way.

        Only then does it matter: a date with a day over 12 reads one way whatever the
        column's order. So a file of ISO dates is read once, and one with ``03/04/2024``
        among its dates is read twice, the first time for its date columns only.
        """
        fields = self._open_date_fields()
        if self.surveyed or not fields:
            return
        if not any(could_be_either(text[name]) for name in fields):
            return
        self.surveyed = True
        seen: dict[str, set[FoundOrder | None]] = {name: set() for name in fields}
        for each in self.table.batches():
            text = self._texts(each, fields)
            for name, found in seen.items():
                found.add(infer_date_order(text[name]))
        orders: dict[str, FoundOrder] = {}
        for name, found in seen.items():
            shown = {order for order in found if order is not None}
            if shown:
                orders[name] = shown.pop() if len(shown) == 1 else "mixed"
                self.table.messages.append(f"{name}: {ORDER_NOTES[orders[name]]}")
        options = replace(self.mapping.options, column_orders=orders)
        self.mapping = replace(self.mapping, options=options)

    def _settle_currency(self, connection: Connection) -> None:
        """The reporting currency; a workspace without one adopts the most common
        currency of the file's won deals (and says so)."""
        self.currency = currencies.reporting_currency(self.ws)
        self.rates = currencies.rates(self.ws)
        if self.currency is not None or "currency" not in self.planned:
            return
        steering_fields = IMPORT_ONLY_FIELDS[self.record.name]
        names = {name: self.planned[name] for name in steering_fields if name in self.planned}
        won = []
        for batch in self.table.batches():
            steering = self._texts(batch, names)
            won.append(steering.loc[deals.not_won(steering, self.mapping.won_stages).isna()])
        adopted = currencies.most_common(pd.concat(won)["currency"]) if won else None
        if adopted is None:
            return
        setting = {"key": currencies.CURRENCY_SETTING, "value": adopted}
        self.ws.upsert("settings", [setting], connection)
        self.table.messages.append(
            f"reporting currency: {adopted}, the most common in this file; the workspace "
            "keeps it (change it with `retention currency`)"
        )
        self.currency = adopted

    # --- one batch --------------------------------------------------------------------

    def _formulas(self, batch: Batch) -> pd.DataFrame:
        """Rows with a formula without a saved result in a column the import reads."""
        fields = {
            position: name
            for name, sources in self.planned.items()
            for source in sources
            for position in source.positions
        }
        found = [
            (line, fields[position], formula)
            for line, cells in batch.formulas.items()
            for position, formula in cells.items()
            if position in fields
        ]
        if not found:
            return NO_PROBLEMS
        rows, names, formulas = zip(*found, strict=True)
        return _problems(
            pd.Index(rows),
            list(names),
            [
                f"the formula {formula} has no saved result; open the file in Excel or "
                "LibreOffice, save it, and import it again"
                for formula in formulas
            ],
        ).drop_duplicates("row")

    def _convert(self, valid: pd.DataFrame, steering: pd.DataFrame) -> pd.DataFrame:
        """Bring valid rows' amounts to the reporting currency; the rows that cannot be."""
        if "currency" not in steering or self.currency is None or valid.empty:
            return NO_PROBLEMS
        amounts, reasons = currencies.convert(
            valid["amount_cents"],
            steering["currency"],
            self.currency,
            self.rates,
        )
        valid["amount_cents"] = amounts
        reasons = reasons.dropna()
        return _problems(
            reasons.index,
            "currency",
            reasons + f"; this workspace reports in {self.currency} (retention currency --help)",
        )

    def _batch(self, batch: Batch, connection: Connection) -> tuple[int, list, list]:
        """Import one batch; return the rows stored, the problems and the warnings."""
        text, listed = columns.frame(batch, self.planned, self.mapping, self.record)
        if self.ids is not None:
            text[self.ids.field] = self.ids.assign(batch)
        self._settle_date_orders(text)
        text, steering = deals.split_import_only(self.record.name, text)
        formulas = self._formulas(batch)
        text = _without(text, formulas["row"])
        outcome = deals.not_won(steering.loc[text.index], self.mapping.won_stages).dropna()
        text = _without(text, outcome.index)
        if self.names is None:
            raise RuntimeError("batches are imported inside run(), once the names are read")
        text, ambiguous = self.names.resolve(text, self.record)
        text = _without(text, ambiguous["row"])
        self.unknown.add(text, self.names.directory("clients"))
        checked = self.ws.validate(
            self.record.name,
            text,
            self.participant_id,
            connection,
            options=self.mapping.options,
            seen=self.seen,
            label="line",
        )
        converted = self._convert(checked.valid, steering)
        checked.valid = _without(checked.valid, converted["row"])
        stored = self.ws.store(self.record.name, checked, self.participant_id, connection)
        problems = [
            formulas,
            _problems(outcome.index, "stage", outcome),
            ambiguous,
            checked.rejects,
            converted,
        ]
        kept = checked.valid.index
        warnings = [listed[listed["row"].isin(kept)], checked.warnings]
        return stored, problems, warnings

    # --- the whole file ---------------------------------------------------------------

    def run(self, progress: bool | None) -> ImportReport:
        ws, table, kind = self.ws, self.table, self.record.name
        name = table.digest[:16]
        kept = ws.imports_dir / f"{name}{table.path.suffix.lower()}"
        rejects = RowFile(ws.imports_dir / f"{name}.{kind}.rejects.csv", table.header)
        warnings = RowFile(
            ws.imports_dir / f"{name}.{kind}.warnings.csv", table.header, note="warning"
        )
        rows_read = imported = 0
        try:
            with (
                write_transaction(ws, kind, table.data_rows) as connection,
                _progress(progress, table.data_rows, f"importing {kind}") as advance,
            ):
                self.names = references.Names(connection, self.participant_id)
                self._settle_currency(connection)
                for batch in table.batches():
                    stored, problems, warned = self._batch(batch, connection)
                    imported += stored
                    rejects.add_batch(batch, pd.concat(problems, ignore_index=True), True)
                    warnings.add_batch(batch, pd.concat(warned, ignore_index=True))
                    rows_read += batch.size
                    advance(batch.size)
                if rows_read == 0:
                    raise ImportFileError(
                        f"{table.location}: the file has a header but no data rows"
                    )
                if not kept.exists():
                    with table.path.open("rb") as source, open_private(kept, "wb") as copy:
                        shutil.copyfileobj(source, copy)
        except BaseException:
            rejects.discard()
            warnings.discard()
            raise
        advice = self.unknown.advice(kind, table.path)
        messages = [
            *table.messages,
            *([advice] if advice else []),
            f"participant: {self.participant_id}; mapping: {self.mapping.name}",
        ]
        return ImportReport(
            kind=kind,
            source=table.path,
            encoding=table.encoding,
            rows_read=rows_read,
            imported=imported,
            rejected=rejects.count,
            rejects_path=rejects.finish(),
            kept_path=kept,
            messages=messages,
            set_aside=dict(rejects.counts.most_common()),
            warnings=dict(warnings.counts.most_common()),
            warnings_path=warnings.finish(),
            currency=self.currency,
            first_rejects=rejects.first,
        )
