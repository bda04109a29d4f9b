"""Read a MySQL dump (mysqldump / mysqltutorial style) without a MySQL server.

Only what a data dump needs is understood: ``CREATE TABLE`` (column names and declared types) and
``INSERT``/``REPLACE … VALUES`` with any number of rows. Everything else (``SET``, ``USE``,
``DROP``, ``LOCK TABLES``, conditional ``/*!… */`` comments) is skipped. Literals follow MySQL's
rules: ``\\'`` ``\\"`` ``\\\\`` ``\\n`` ``\\r`` ``\\t`` ``\\0`` ``\\b`` ``\\Z`` escapes, doubled
quotes, ``NULL``, ``TRUE``/``FALSE``, numbers (exact, as int or Decimal) and hex/bit literals.
Values come back as Python objects; typing them for a target schema is the caller's job.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from classicmodels_kpi.errors import CmkpiError

#: A literal value as read from the dump.
Value = str | int | Decimal | bytes | None


class DumpError(CmkpiError):
    """The text is not a MySQL dump this reader understands (exit 2)."""


@dataclass
class DumpTable:
    """One table of the dump: declared columns (name → type text) and the inserted rows."""

    name: str
    columns: dict[str, str] = field(default_factory=dict)
    insert_columns: list[str] | None = None
    rows: list[tuple[Value, ...]] = field(default_factory=list)


_TOKEN = re.compile(
    r"""
    (?P<ws>\s++)
  | (?P<comment>/\*.*?\*/|--(?=\s|$)[^\n]*+|\#[^\n]*+)
  | (?P<string>'(?:[^'\\]++|\\.|'')*+'|"(?:[^"\\]++|\\.|"")*+")
  | (?P<ident>`(?:[^`]++|``)*+`)
  | (?P<hex>[xX]'[0-9a-fA-F]*+'|0x[0-9a-fA-F]++|[bB]'[01]*+'|0b[01]++)
  | (?P<number>(?:\d++(?:\.\d*+)?|\.\d++)(?:[eE][+-]?\d++)?)
  | (?P<word>[A-Za-z_$@][\w$@]*+)
  | (?P<punct>[(),;.=+\-*])
  | (?P<other>.)
    """,
    re.S | re.X,
)

_ESCAPES = {"0": "\0", "b": "\b", "n": "\n", "r": "\r", "t": "\t", "Z": "\x1a"}


class Token(NamedTuple):
    kind: str
    text: str
    pos: int


def unquote_string(literal: str) -> str:
    """The value of a quoted MySQL string literal, escapes applied."""
    quote, body = literal[0], literal[1:-1]
    if "\\" not in body and quote * 2 not in body:
        return body

    def replace(match: re.Match[str]) -> str:
        escaped = match.group(1)
        if escaped is None:  # a doubled quote
            return quote
        if escaped in "%_":  # MySQL keeps the backslash before % and _ (LIKE wildcards)
            return "\\" + escaped
        return _ESCAPES.get(escaped, escaped)

    return re.sub(r"\\(.)|" + re.escape(quote * 2), replace, body, flags=re.S)


def unquote_identifier(text: str) -> str:
    if text.startswith("`"):
        return text[1:-1].replace("``", "`")
    return text


def line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def tokens(text: str) -> Iterator[Token]:
    """Significant tokens of ``text`` (no whitespace, no comments)."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind in ("ws", "comment"):
            continue
        value = match.group()
        if kind == "other":
            if value in "'\"`":
                raise DumpError(
                    f"unterminated quoted text starting on line {line_of(text, match.start())}."
                )
            if text.startswith("/*", match.start()):
                raise DumpError(
                    f"unterminated comment starting on line {line_of(text, match.start())}."
                )
        yield Token(kind, value, match.start())


def statements(text: str) -> Iterator[list[Token]]:
    """Token lists of each statement, split on ``;``."""
    current: list[Token] = []
    for token in tokens(text):
        if token.kind == "punct" and token.text == ";":
            if current:
                yield current
            current = []
        else:
            current.append(token)
    if current:
        yield current


def parse_dump(text: str) -> dict[str, DumpTable]:
    """Tables of the dump in the order they first appear, keyed by name as written."""
    tables: dict[str, DumpTable] = {}
    for statement in statements(text):
        first = statement[0].text.upper()
        if first == "CREATE":
            _create_table(statement, tables, text)
        elif first in ("INSERT", "REPLACE"):
            _insert(statement, tables, text)
    return tables


class _Cursor:
    """Walks the tokens of one statement."""

    def __init__(self, statement: list[Token], text: str) -> None:
        self.tokens = statement
        self.text = text
        self.i = 0

    def peek(self, offset: int = 0) -> Token | None:
        j = self.i + offset
        return self.tokens[j] if j < len(self.tokens) else None

    def next(self) -> Token:
        token = self.peek()
        if token is None:
            end = self.tokens[-1].pos if self.tokens else 0
            raise DumpError(f"statement ends too early on line {line_of(self.text, end)}.")
        self.i += 1
        return token

    def word_is(self, *words: str) -> bool:
        token = self.peek()
        return token is not None and token.kind == "word" and token.text.upper() in words

    def punct_is(self, char: str) -> bool:
        token = self.peek()
        return token is not None and token.kind == "punct" and token.text == char

    def expect_punct(self, char: str) -> Token:
        token = self.next()
        if token.kind != "punct" or token.text != char:
            raise DumpError(
                f"expected {char!r} but found {token.text[:30]!r} on line "
                f"{line_of(self.text, token.pos)}."
            )
        return token

    def skip_words(self, *words: str) -> None:
        while self.word_is(*words):
            self.i += 1

    def identifier(self) -> str:
        token = self.next()
        if token.kind not in ("ident", "word", "string"):
            raise DumpError(
                f"expected a name but found {token.text[:30]!r} on line "
                f"{line_of(self.text, token.pos)}."
            )
        return (
            unquote_string(token.text) if token.kind == "string" else unquote_identifier(token.text)
        )

    def table_name(self) -> str:
        """``name`` or ``schema.name``: the table part."""
        name = self.identifier()
        while self.punct_is("."):
            self.i += 1
            name = self.identifier()
        return name

    def balanced(self) -> list[Token]:
        """Tokens between a ``(`` (current) and its matching ``)``, both consumed."""
        start = self.expect_punct("(")
        depth, inner = 1, []
        while True:
            token = self.peek()
            if token is None:
                raise DumpError(f"unclosed '(' on line {line_of(self.text, start.pos)}.")
            self.i += 1
            if token.kind == "punct" and token.text == "(":
                depth += 1
            elif token.kind == "punct" and token.text == ")":
                depth -= 1
                if depth == 0:
                    return inner
            inner.append(token)


_NOT_A_COLUMN = {
    "PRIMARY",
    "KEY",
    "INDEX",
    "UNIQUE",
    "CONSTRAINT",
    "FOREIGN",
    "FULLTEXT",
    "SPATIAL",
    "CHECK",
}


def _split_top_level(inner: list[Token]) -> list[list[Token]]:
    parts: list[list[Token]] = [[]]
    depth = 0
    for token in inner:
        if token.kind == "punct" and token.text == "(":
            depth += 1
        elif token.kind == "punct" and token.text == ")":
            depth -= 1
        if depth == 0 and token.kind == "punct" and token.text == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return [p for p in parts if p]


def _create_table(statement: list[Token], tables: dict[str, DumpTable], text: str) -> None:
    cur = _Cursor(statement, text)
    cur.next()  # CREATE
    cur.skip_words("TEMPORARY")
    if not cur.word_is("TABLE"):
        return  # CREATE DATABASE, VIEW, …
    cur.next()
    if cur.word_is("IF"):
        cur.i += 3  # IF NOT EXISTS
    name = cur.table_name()
    if not cur.punct_is("("):
        return  # CREATE TABLE … LIKE / AS SELECT: no columns to read
    table = DumpTable(name)
    for part in _split_top_level(cur.balanced()):
        head = part[0]
        if head.kind == "word" and head.text.upper() in _NOT_A_COLUMN:
            continue
        table.columns[unquote_identifier(head.text)] = _type_text(part[1:])
    tables.setdefault(name.lower(), table).columns = table.columns


def _type_text(rest: list[Token]) -> str:
    """``decimal(10,2)`` from the tokens after a column name."""
    if not rest:
        return ""
    out = rest[0].text.lower()
    if len(rest) > 1 and rest[1].kind == "punct" and rest[1].text == "(":
        args = []
        for token in rest[2:]:
            if token.kind == "punct" and token.text == ")":
                break
            args.append(token.text)
        out += "(" + "".join(args) + ")"
    return out


def _insert(statement: list[Token], tables: dict[str, DumpTable], text: str) -> None:
    cur = _Cursor(statement, text)
    cur.next()  # INSERT / REPLACE
    cur.skip_words("LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY", "IGNORE")
    cur.skip_words("INTO")
    name = cur.table_name()
    table = tables.setdefault(name.lower(), DumpTable(name))
    columns: list[str] | None = None
    if cur.punct_is("("):
        columns = [unquote_identifier(t.text) for t in cur.balanced() if t.kind != "punct"]
    if not cur.word_is("VALUES", "VALUE"):
        token = cur.peek()
        where = line_of(text, (token or statement[0]).pos)
        raise DumpError(
            f"unsupported INSERT into {name} on line {where}: only INSERT … VALUES is read."
        )
    cur.next()
    if columns is None:
        if not table.columns:
            raise DumpError(
                f"INSERT into {name} on line {line_of(text, statement[0].pos)} names no columns "
                "and no CREATE TABLE for it comes before."
            )
        columns = list(table.columns)
    permutation: list[int] | None = None
    if table.insert_columns is None:
        table.insert_columns = columns
    elif [c.lower() for c in table.insert_columns] != [c.lower() for c in columns]:
        order = {c.lower(): i for i, c in enumerate(columns)}
        if len(columns) != len(table.insert_columns) or any(
            c.lower() not in order for c in table.insert_columns
        ):
            raise DumpError(f"the INSERTs into {name} name different columns.")
        permutation = [order[c.lower()] for c in table.insert_columns]
    width = len(columns)
    while True:
        start = cur.peek()
        row = [_literal(group, text) for group in _split_top_level(cur.balanced())]
        if len(row) != width:
            raise DumpError(
                f"a row of {name} on line {line_of(text, start.pos if start else 0)} has "
                f"{len(row)} values for {width} columns."
            )
        if permutation is not None:
            row = [row[j] for j in permutation]
        table.rows.append(tuple(row))
        if cur.punct_is(","):
            cur.next()
            continue
        break
    if cur.peek() is not None and not cur.word_is("ON"):
        token = cur.peek()
        assert token is not None
        raise DumpError(
            f"unexpected {token.text[:30]!r} after the rows of {name} on line "
            f"{line_of(text, token.pos)}."
        )


def _literal(group: list[Token], text: str) -> Value:
    """One value: a literal, optionally signed or with a charset introducer (``_utf8'…'``)."""
    sign = ""
    tokens_ = group
    if tokens_[0].kind == "punct" and tokens_[0].text in "+-" and len(tokens_) == 2:
        sign = "-" if tokens_[0].text == "-" else ""
        tokens_ = tokens_[1:]
    if (
        len(tokens_) == 2
        and tokens_[0].kind == "word"
        and tokens_[0].text.startswith("_")
        and tokens_[1].kind in ("string", "hex")
    ):
        tokens_ = tokens_[1:]  # _utf8mb4'…', _binary 0x…
    if len(tokens_) != 1:
        raise DumpError(
            f"cannot read the value {' '.join(t.text for t in group)[:40]!r} on line "
            f"{line_of(text, group[0].pos)}: only literals are supported."
        )
    token = tokens_[0]
    if token.kind == "string" and not sign:
        return unquote_string(token.text)
    if token.kind == "number":
        raw = sign + token.text
        if any(c in raw for c in ".eE"):
            return Decimal(raw)
        return int(raw)
    if token.kind == "word" and not sign:
        word = token.text.upper()
        if word == "NULL":
            return None
        if word in ("TRUE", "FALSE"):
            return int(word == "TRUE")
    if token.kind == "hex" and not sign:
        return _hex_literal(token.text)
    raise DumpError(
        f"cannot read the value {token.text[:40]!r} on line {line_of(text, token.pos)}."
    )


def _hex_literal(raw: str) -> bytes:
    low = raw.lower()
    if low.startswith("0x"):
        digits = low[2:]
    elif low.startswith("x'"):
        digits = low[2:-1]
    else:  # bit literal
        bits = low[2:] if low.startswith("0b") else low[2:-1]
        n = int(bits or "0", 2)
        return n.to_bytes((len(bits) + 7) // 8, "big")
    if len(digits) % 2:
        digits = "0" + digits
    return bytes.fromhex(digits)
