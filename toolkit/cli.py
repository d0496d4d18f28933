"""The ``retention`` command: workspaces, demo data, import/export, participants, serving.

Every problem the user can fix ends in a one-line message and a non-zero exit;
``--debug`` shows the full traceback instead.
"""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypedDict

import typer
from rich.console import Console
from rich.table import Table

from toolkit.errors import ToolkitError
from toolkit.kernels import EXPECTED_MEMBERS, IDLE_MINUTES, MIN_KERNELS, available_memory_mb
from toolkit.store import participants as people
from toolkit.store.mapping_presets import preset_files
from toolkit.store.records import RECORD_KINDS
from toolkit.store.workspace import AS_OF, Workspace, resolve_location

if TYPE_CHECKING:
    from toolkit.store.mappings.layout import FileLayout
    from toolkit.store.parsing import DateOrder


class _Reading(TypedDict):
    """How ``import`` reads a file, with or without ``--from-transactions``."""

    date_order: DateOrder | None
    sheet: str | None
    file_layout: FileLayout


console = Console(highlight=False)
app = typer.Typer(
    help="Coach client retention: map a firm's client base, run exercises, track progress.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
participants_app = typer.Typer(
    help="Add participants, list them, and give them personal links.", no_args_is_help=True
)
app.add_typer(participants_app, name="participants")
exercises_app = typer.Typer(help="Work with the exercise files.", no_args_is_help=True)
coach_app = typer.Typer(help="The coach's login to the coach apps.", no_args_is_help=True)
app.add_typer(coach_app, name="coach")
app.add_typer(exercises_app, name="exercises")


class DateOrderChoice(StrEnum):
    """How slashed dates are written: day first, month first, or year first."""

    DMY = "DMY"
    MDY = "MDY"
    YMD = "YMD"


class State:
    """Options given before the verb."""

    workspace: str | None = None
    debug: bool = False


state = State()


def _open() -> Workspace:
    return Workspace.open(state.workspace)


@app.callback()
def _options(
    workspace: Annotated[
        str | None,
        typer.Option(
            "--workspace",
            "-w",
            help="Workspace folder (default: $TOOLKIT_WORKSPACE or ./workspace).",
            show_default=False,
        ),
    ] = None,
    debug: Annotated[bool, typer.Option(help="Show full tracebacks on errors.")] = False,
) -> None:
    state.workspace = workspace
    state.debug = debug


@app.command()
def init() -> None:
    """Create an empty workspace (or bring an existing one up to date)."""
    with _open() as ws:
        console.print(f"workspace ready: {ws.directory.resolve()} ({ws.engine.url.drivername})")


@app.command()
def demo(
    participants: Annotated[
        int, typer.Option(min=1, max=12, help="How many firms (more than one: a mastermind).")
    ] = 1,
    clients: Annotated[int, typer.Option(min=10, max=5000, help="Clients per firm.")] = 200,
    seed: Annotated[int, typer.Option(help="Same seed, same data.")] = 7,
    base_url: Annotated[
        str, typer.Option(help="Server address used in the printed personal links.")
    ] = "http://127.0.0.1:8866",
) -> None:
    """Fill a new workspace with invented firms, clients and coaching history to explore.

    Prints each demo firm's personal link this once: as for every participant, only a
    salted hash of its key is kept."""
    from toolkit.demo import create_demo

    with _open() as ws:
        if not people.participants(ws).empty:
            raise ToolkitError(
                f"the workspace {ws.directory} already has participants; "
                "choose an empty one with --workspace"
            )
        summary = create_demo(ws, participants=participants, clients=clients, seed=seed)
        members = people.participants(ws).query("role == 'member'")
        keys = {pid: people.rotate_key(ws, pid) for pid in members["participant_id"]}
        counts = ", ".join(
            f"{summary.counts.get(name, 0):,} {name}"
            for name in ("clients", "team", "interactions", "transactions", "excuses")
        )
        console.print(
            f"demo workspace created in {ws.directory.resolve()}, as of {summary.as_of}: "
            f"{len(keys)} firm(s) with {counts}",
            soft_wrap=True,
        )
    console.print("personal links, shown only this once (keep them private):")
    for row in members.itertuples():
        link = people.personal_link(base_url, keys[row.participant_id])
        console.print(f"  {row.display_name}: {link}", soft_wrap=True)


@app.command("import")
def import_(
    kind: Annotated[
        str,
        typer.Argument(help=f"What the file holds, one of: {', '.join(RECORD_KINDS)}."),
    ],
    file: Annotated[Path, typer.Argument(help="A .csv, .txt or .xlsx file.")],
    participant: Annotated[
        str | None,
        typer.Option(help="Whose data it is (may be left out if there is only one)."),
    ] = None,
    mapping: Annotated[
        str | None,
        typer.Option(help=f"Column layout: a preset ({', '.join(preset_files())}) or a YAML file."),
    ] = None,
    date_order: Annotated[
        DateOrderChoice | None,
        typer.Option(
            "--date-order",
            help="How to read 03/04/2024 when no date in the column tells: DMY, MDY or YMD.",
            case_sensitive=False,
        ),
    ] = None,
    sheet: Annotated[
        str | None,
        typer.Option(help="Workbook sheet, by name or number from 1 (default: it is found)."),
    ] = None,
    delimiter: Annotated[
        str | None,
        typer.Option(
            help="How a text file separates its columns: whitespace (runs of spaces and "
            "tabs), tab, comma, semicolon, pipe or one character (default: found from the "
            "first line)."
        ),
    ] = None,
    columns: Annotated[
        str | None,
        typer.Option(
            help="The file has no header row: its column names in order, comma-separated "
            "(e.g. client_id,occurred_on,quantity,amount)."
        ),
    ] = None,
    widths: Annotated[
        str | None,
        typer.Option(help="Fixed-width columns: their widths in characters, comma-separated."),
    ] = None,
    from_transactions: Annotated[
        bool,
        typer.Option(
            "--from-transactions",
            help="With clients: create the clients a purchase log refers to (id; name "
            "from a name column, else the id; first purchase date); clients already "
            "there are left as they are.",
        ),
    ] = False,
) -> None:
    """Load a participant's spreadsheet, CRM export or purchase log; rows that cannot be
    imported are set aside with reasons. Exits with 1 when no row was imported."""
    from toolkit.store.importing import clients_from_transactions, import_file
    from toolkit.store.mappings import DATE_ORDERS, layout

    order = next(o for o in DATE_ORDERS if o == date_order) if date_order is not None else None
    file_layout = layout.FileLayout(
        layout.delimiter(delimiter) if delimiter is not None else None,
        layout.column_names(columns) if columns is not None else (),
        layout.widths(widths) if widths is not None else (),
    )
    if from_transactions and kind != "clients":
        raise ToolkitError(
            f"--from-transactions makes clients: `retention import clients "
            f"--from-transactions {file}`, not {kind}"
        )
    reading: _Reading = {"date_order": order, "sheet": sheet, "file_layout": file_layout}
    with _open() as ws:
        if from_transactions:
            made = clients_from_transactions(ws, file, participant, mapping, **reading)
            console.print(made.summary(), soft_wrap=True)
            return
        report = import_file(ws, kind, file, participant, mapping, **reading)
    console.print(report.summary(), soft_wrap=True)
    if report.imported == 0:
        console.print("nothing was imported: see the reasons above", style="bold")
        raise typer.Exit(1)


@app.command()
def currency(
    code: Annotated[
        str | None, typer.Argument(help="The reporting currency to set, e.g. EUR or USD.")
    ] = None,
    rates: Annotated[
        Path | None,
        typer.Option(help="A CSV of exchange rates (currency,rate) into the reporting currency."),
    ] = None,
) -> None:
    """Show or set the workspace's reporting currency and exchange rates.

    Imported amounts in another currency are converted with these rates, or set aside
    when there is no rate for them."""
    from toolkit.store import currencies

    with _open() as ws:
        if code is not None:
            new_rates = currencies.read_rates(rates) if rates is not None else None
            currencies.set_currency(ws, code, new_rates)
        elif rates is not None:
            raise ToolkitError("give the reporting currency with the rates: currency CODE --rates")
        reporting = currencies.reporting_currency(ws)
        known = currencies.rates(ws)
    if reporting is None:
        console.print("no reporting currency yet (the first import with currencies sets one)")
        return
    console.print(f"reporting currency: {reporting}")
    for other, rate in sorted(known.items()):
        console.print(f"  1 {other} = {rate} {reporting}")


@app.command()
def export(
    table: Annotated[str, typer.Argument(help="Which table, e.g. clients or commitments.")],
    file: Annotated[Path, typer.Argument(help="Where to write: a .csv or .xlsx file.")],
    participant: Annotated[str | None, typer.Option(help="Only this participant's rows.")] = None,
) -> None:
    """Write a table of the workspace to a CSV or Excel file."""
    from toolkit.store.exporting import export_table

    with _open() as ws:
        rows = export_table(ws, table, file, participant)
    console.print(f"wrote {rows} row(s) of {table} to {file}")


@app.command()
def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on; 0.0.0.0 exposes it to the network.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8866,
    preheat: Annotated[bool, typer.Option(help="Keep kernels warm so the apps open fast.")] = True,
    public_url: Annotated[
        list[str] | None,
        typer.Option(
            help="An address people reach the server by (https://coach.example.com); "
            "repeat for several. The server answers to no other host name."
        ),
    ] = None,
    expect: Annotated[
        int,
        typer.Option(
            min=1,
            help="Members who will open their links at about the same time: as many "
            "participant pages are kept ready, as far as memory allows.",
        ),
    ] = EXPECTED_MEMBERS,
    max_kernels: Annotated[
        int | None,
        typer.Option(
            min=MIN_KERNELS,
            help="Most app pages (kernels) open at the same time "
            "[default: 30, or more for --expect, as far as memory allows].",
            show_default=False,
        ),
    ] = None,
    idle_minutes: Annotated[
        int,
        typer.Option(
            min=1,
            help="Minutes an open page may stay untouched before its kernel is shut down "
            "(the page then asks to be reloaded). A closed tab's kernel goes within "
            "two minutes.",
        ),
    ] = IDLE_MINUTES,
    hub: Annotated[
        bool,
        typer.Option(
            help="Run as the coach's JupyterHub server (the spawner's command): the hub "
            "sets the address, logs people in, and members open their page without a link.",
        ),
    ] = False,
) -> None:
    """Serve the apps in the browser (no code shown) until Ctrl+C."""
    from toolkit.hub import hub_options
    from toolkit.serve import ServeOptions, app_urls, check_port
    from toolkit.serve import serve as run
    from toolkit.store import coach_password

    directory, _ = resolve_location(state.workspace)
    options = ServeOptions(
        workspace=directory,
        host=host,
        port=port,
        preheat=preheat,
        public_urls=tuple(public_url or ()),
        expect=expect,
        max_kernels=max_kernels,
        idle_minutes=idle_minutes,
        memory_mb=available_memory_mb(),
    )
    if hub:
        options = hub_options(options)
    check_port(options)
    console.print(f"kernels: {options.plan().describe()}", soft_wrap=True)
    console.print("apps:")
    for name, url in app_urls(options).items():
        console.print(f"  {name}: {url}", soft_wrap=True)
    if hub:
        console.print(
            "JupyterHub: the coach apps open for this server's owner, and each hub user "
            "let in opens the page of the member whose id is their user name",
            soft_wrap=True,
        )
        run(options)
        return
    with _open() as ws:
        has_password = coach_password.has_password(ws)
    if not has_password:
        console.print(
            "the coach and facilitator apps open after a login: set the coach password "
            "first with `retention coach set-password`",
            soft_wrap=True,
        )
    console.print(
        "personal links: `retention participants rotate-key ID` makes a new one "
        "(the participant's old link stops working)",
        soft_wrap=True,
    )
    run(options)


@app.command()
def report(
    participant: Annotated[str, typer.Argument(help="The participant's id.")],
    out: Annotated[
        Path | None,
        typer.Option(help="Where to write the HTML (default: workspace/reports/ID-DATE.html)."),
    ] = None,
) -> None:
    """Write a one-page session summary (client map, audit highlights, scores, commitments)."""
    from toolkit.report import build_report

    directory, _ = resolve_location(state.workspace)
    path = build_report(directory, participant, out)
    console.print(f"session summary written to {path}", soft_wrap=True)


@participants_app.command("add")
def participants_add(
    name: Annotated[str, typer.Argument(help="Display name, e.g. the firm or the person.")],
    id: Annotated[
        str | None, typer.Option("--id", help="Short id (default: made from the name).")
    ] = None,
    role: Annotated[str, typer.Option(help="member (coached) or coach.")] = "member",
    group: Annotated[str | None, typer.Option(help="Mastermind group id to join.")] = None,
) -> None:
    """Add a participant whose firm's data you will import."""
    with _open() as ws:
        participant_id = people.add_participant(ws, name, id, role, group)
    console.print(f"added {name!r} as {participant_id}")


@participants_app.command("list")
def participants_list() -> None:
    """Show every participant, their group and how many clients they have."""
    with _open() as ws:
        frame = people.participants(ws)
    if frame.empty:
        console.print("no participants yet: add one with `retention participants add NAME`")
        return
    table = Table("id", "name", "role", "group", "clients", "personal link")
    for row in frame.itertuples():
        link = "set" if row.has_key else "none"
        table.add_row(
            row.participant_id,
            row.display_name,
            row.role,
            row.group_name or "",
            str(row.clients),
            link,
        )
    console.print(table)


@participants_app.command("rotate-key")
def participants_rotate_key(
    participant: Annotated[str, typer.Argument(help="The participant's id.")],
    base_url: Annotated[
        str, typer.Option(help="Server address the link points to.")
    ] = "http://127.0.0.1:8866",
) -> None:
    """Make a new personal link for a participant; their old link stops working."""
    with _open() as ws:
        key = people.rotate_key(ws, participant)
    console.print("new personal link (shown only now, send it to the participant):")
    console.print(people.personal_link(base_url, key), soft_wrap=True)


@participants_app.command("as-of")
def participants_as_of(
    participant: Annotated[str, typer.Argument(help="The participant's id.")],
    day: Annotated[
        dt.datetime | None,
        typer.Argument(
            metavar="DATE",
            formats=["%Y-%m-%d"],
            help="The day their data is as of, YYYY-MM-DD (left out: show it).",
            show_default=False,
        ),
    ] = None,
    clear: Annotated[
        bool, typer.Option("--clear", help="Forget their own date; the workspace's applies.")
    ] = False,
) -> None:
    """Show or set the date a participant's figures are as of, e.g. the day of their export."""
    if clear and day is not None:
        raise ToolkitError("give a DATE or --clear, not both")
    with _open() as ws:
        if clear or day is not None:
            ws.set_as_of(participant, None if clear or day is None else day.date())
        participant = ws.resolve_participant(participant)
        if ws.setting(f"{AS_OF}:{participant}"):
            source = "their own date"
        elif ws.setting(AS_OF):
            source = "the workspace's date"
        else:
            source = "today: no date is set"
        console.print(f"{participant}: data as of {ws.as_of(participant)} ({source})")


@participants_app.command("settings")
def participants_settings(
    participant: Annotated[str, typer.Argument(help="The participant's id.")],
    core_industries: Annotated[
        str | None,
        typer.Option(
            help="Industries the firm serves best, comma-separated (the client map's fit); "
            "'' clears them.",
            show_default=False,
        ),
    ] = None,
    record_template: Annotated[
        str | None,
        typer.Option(
            help="Fields every client record should have, comma-separated (the record "
            "audit); '' clears them.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Show or set the firm settings the analyses read (left out: show them)."""
    from toolkit.store.firm_settings import FIRM_LISTS, firm_list, parse_list, set_firm_list

    given = {"core_industries": core_industries, "record_template": record_template}
    with _open() as ws:
        participant = ws.resolve_participant(participant)
        for name, text in given.items():
            if text is not None:
                set_firm_list(ws, name, participant, parse_list(text))
        for name in FIRM_LISTS:
            values = firm_list(ws, name, participant)
            shown = ", ".join(values) if values else "not set"
            console.print(f"{participant} {name.replace('_', ' ')}: {shown}")


@coach_app.command("set-password")
def coach_set_password() -> None:
    """Set the password that opens the coach and facilitator apps (read from standard
    input when it is not a terminal, else asked twice)."""
    from toolkit.store import coach_password

    if sys.stdin.isatty():
        password = typer.prompt("new coach password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    with _open() as ws:
        coach_password.set_password(ws, password)
    console.print("coach password set; sessions signed in with an earlier one have ended")


@exercises_app.command("check")
def exercises_check(
    folder: Annotated[
        Path | None,
        typer.Argument(help="Folder of exercise YAML files (default: the shipped exercises)."),
    ] = None,
) -> None:
    """Check every exercise file and print file:line: message for each problem found."""
    from toolkit.exercises import check, exercise_files

    problems = check(folder)
    for problem in problems:
        console.print(str(problem), soft_wrap=True)
    files = len(exercise_files(folder))
    if problems:
        console.print(f"{len(problems)} problem(s) in {files} exercise file(s)")
        raise typer.Exit(1)
    console.print(f"{files} exercise file(s) checked, no problems")


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``retention`` console script."""
    args = sys.argv[1:] if argv is None else argv
    try:
        code = app(args=args, prog_name="retention", standalone_mode=False)
    except typer.Abort:
        console.print("stopped", style="bold")
        code = 130
    except typer.TyperException as error:  # usage errors: the message and a hint
        # Typer's usage errors derive from its click exceptions, which show themselves;
        # a bare TyperException cannot, so its message is printed.
        show = getattr(error, "show", None)
        if show is not None:
            show()
        else:
            console.print(error.format_message())
        code = error.exit_code
    except Exception as error:
        if "--debug" in args:
            raise
        code = _report(error)
    sys.exit(code or 0)


def _report(error: Exception) -> int:
    """Print one line about ``error`` to stderr and return the exit status."""
    err = Console(stderr=True, highlight=False)
    if isinstance(error, ToolkitError):
        err.print(f"error: {error}", soft_wrap=True)
    else:
        err.print(
            f"unexpected error ({type(error).__name__}: {error}); "
            "run again with --debug for the details",
            soft_wrap=True,
        )
    return 1


if __name__ == "__main__":
    main()
