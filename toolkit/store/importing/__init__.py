"""Import a participant's CSV or Excel export into the workspace, row by row accounted for.

Every data row of the file ends up either in the database (perhaps with a warning) or in
a rejects file with its line number, the column and the reason, next to a kept copy of
the source in ``workspace/imports/``. The kept copy is named by the file's content hash,
so importing the same file again adds no file, and the upsert on each kind's natural key
leaves the tables as they were. Only a file that cannot be read at all (missing, empty,
no usable header, an unknown encoding) raises :class:`ImportFileError`.

The stages, one module each:

- reading a file format: :mod:`.csv_reader`, :mod:`.text_reader` (whitespace-separated
  and fixed-width text), :mod:`.excel_reader` (into :mod:`.tables`); whether a first row
  is a header: :mod:`.header_rows`;
- mapping columns to fields: :mod:`.columns` (with :mod:`toolkit.store.mappings`);
- sorting out what is not data: :mod:`.deals` (lost and open deals),
  :mod:`.references` (clients and people named instead of identified);
- ids made for rows of a file without them: :mod:`.keys`;
- validating: :mod:`toolkit.store.validation`, with :mod:`toolkit.store.parsing`;
- storing: :mod:`.storing`; the rows set aside and warned about: :mod:`.rejects`;
- and :mod:`.pipeline`, which runs them in order and reports; :mod:`.clients_from_log`
  makes the clients a purchase log refers to.
"""

from toolkit.store.importing.clients_from_log import ClientsReport, clients_from_transactions
from toolkit.store.importing.pipeline import ImportReport, import_file
from toolkit.store.importing.tables import ImportFileError

__all__ = [
    "ClientsReport",
    "ImportFileError",
    "ImportReport",
    "clients_from_transactions",
    "import_file",
]
