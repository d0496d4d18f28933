"""The kinds of transaction: one list for the store's validation and CHECK constraint, the
importer, the analytics and the docs.

A transaction keeps its amount positive and says with its kind which way the money went:
an ``invoice`` is revenue; a ``discount``, ``refund`` or ``credit`` gives some of it back
(a concession). Revenue is invoices less concessions (docs/analytics.md, "Common rules").
A row that names no kind is an invoice, so a plain purchase log needs no kind column.

Pure Python on purpose: the store, the analytics and the CLI's help read it without
importing each other.
"""

from __future__ import annotations

#: Transaction kinds that give revenue back, in the order the analyses show them.
CONCESSION_KINDS: tuple[str, ...] = ("discount", "refund", "credit")
#: Every transaction kind, the invoice first: it is the kind of a row that names none, and
#: the analytics code each kind by its position here.
TRANSACTION_KINDS: tuple[str, ...] = ("invoice", *CONCESSION_KINDS)
