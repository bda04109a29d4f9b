"""The dump reader, as plain input/expected pairs: MySQL literals, statements, comments, errors."""

from __future__ import annotations

from decimal import Decimal

import pytest

from classicmodels_kpi.sampledata.mysqldump import DumpError, parse_dump

# (SQL literal as written in a dump, the value MySQL stores)
LITERALS = [
    (r"'It\'s'", "It's"),
    (r"'say \"hi\"'", 'say "hi"'),
    (r"'back\\slash'", "back\\slash"),
    (r"'line1\r\nline2'", "line1\r\nline2"),
    (r"'tab\there'", "tab\there"),
    (r"'nul\0byte'", "nul\x00byte"),
    (r"'bell\bx'", "bell\x08x"),
    (r"'ctrl\Z'", "ctrl\x1a"),
    (r"'unknown\qescape'", "unknownqescape"),
    (r"'50\%'", "50\\%"),
    (r"'a\_b'", "a\\_b"),
    ("'O''Hara'", "O'Hara"),
    ('"double ""quoted"" text"', 'double "quoted" text'),
    ('"single \' inside double"', "single ' inside double"),
    ("'double \" inside single'", 'double " inside single'),
    ("''", ""),
    ("'semi;colon, comma (paren)'", "semi;colon, comma (paren)"),
    ("'/* not a comment */ -- nor this # nor this'", "/* not a comment */ -- nor this # nor this"),
    ("'multi\nline'", "multi\nline"),
    ("'Auto Associés & Cie.'", "Auto Associés & Cie."),
    ("NULL", None),
    ("null", None),
    ("'NULL'", "NULL"),
    ("'21000.00'", "21000.00"),
    ("21000.00", Decimal("21000.00")),
    ("-7.5", Decimal("-7.5")),
    ("42", 42),
    ("-3", -3),
    ("1e3", Decimal("1E+3")),
    ("TRUE", 1),
    ("0x4142", b"AB"),
    ("X'4142'", b"AB"),
    ("b'1000001'", b"A"),
    ("_utf8mb4'intro'", "intro"),
    ("_binary 0x00ff", b"\x00\xff"),
    ("'2004-02-29'", "2004-02-29"),
]


@pytest.mark.parametrize(("literal", "expected"), LITERALS)
def test_literal(literal: str, expected: object) -> None:
    tables = parse_dump(f"INSERT INTO `t` (`v`) VALUES ({literal});")
    assert tables["t"].rows == [(expected,)]
    assert type(tables["t"].rows[0][0]) is type(expected)


DUMP = """
/*
 header comment; with a semicolon
*/
/*!40101 SET NAMES utf8 */;
/*!40101 SET SQL_MODE=''*/;
-- a line comment; also with a semicolon
# a hash comment
CREATE DATABASE /*!32312 IF NOT EXISTS*/`shop` /*!40100 DEFAULT CHARACTER SET latin1 */;
USE `shop`;
DROP TABLE IF EXISTS `items`;
CREATE TABLE `items` (
  `id` int(11) NOT NULL,
  `price` decimal(10,2) DEFAULT NULL,
  `note` varchar(50) DEFAULT 'x, y',
  `day` date NOT NULL,
  PRIMARY KEY (`id`),
  KEY `day` (`day`),
  CONSTRAINT `fk` FOREIGN KEY (`id`) REFERENCES `other` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=latin1;
LOCK TABLES `items` WRITE;
/*!40000 ALTER TABLE `items` DISABLE KEYS */;
insert  into `items`(`id`,`price`,`note`,`day`) values
(1,'9.90','a;b','2003-01-06'),
-- a comment between rows
(2,NULL,'it\\'s','2004-02-29'),  (3 , '0.00' , "q" , '2005-05-31');
INSERT INTO `shop`.`items` VALUES (4,'1.00',NULL,'2005-01-01');
INSERT INTO items (`day`, `id`, `note`, `price`) VALUES ('2005-01-02', 5, 'swapped', 2.5);
/*!40000 ALTER TABLE `items` ENABLE KEYS */;
UNLOCK TABLES;
"""


def test_statements_comments_and_multi_row_values() -> None:
    tables = parse_dump(DUMP)
    assert list(tables) == ["items"]
    items = tables["items"]
    assert items.columns == {
        "id": "int(11)",
        "price": "decimal(10,2)",
        "note": "varchar(50)",
        "day": "date",
    }
    assert items.rows == [
        (1, "9.90", "a;b", "2003-01-06"),
        (2, None, "it's", "2004-02-29"),
        (3, "0.00", "q", "2005-05-31"),
        (4, "1.00", None, "2005-01-01"),
        (5, Decimal("2.5"), "swapped", "2005-01-02"),
    ]


# (dump text, words the one-line error must contain)
BROKEN = [
    ("INSERT INTO t (a) VALUES ('never closed);\n", ["unterminated", "line 1"]),
    ("\n\nINSERT INTO t (a, b) VALUES (1);", ["1 values for 2 columns"]),
    ("INSERT INTO t (a) SELECT 1;", ["only INSERT … VALUES"]),
    ("INSERT INTO t VALUES (1);", ["names no columns"]),
    ("INSERT INTO t (a) VALUES (NOW());", ["only literals"]),
    ("/* never closed\nINSERT INTO t (a) VALUES (1);", ["unterminated comment"]),
    ("INSERT INTO t (a) VALUES (1) junk;", ["unexpected 'junk'"]),
]


@pytest.mark.parametrize(("text", "words"), BROKEN)
def test_broken_dump_gives_one_plain_line(text: str, words: list[str]) -> None:
    with pytest.raises(DumpError) as caught:
        parse_dump(text)
    message = str(caught.value)
    assert "\n" not in message
    for word in words:
        assert word in message


def test_unterminated_string_names_its_line() -> None:
    with pytest.raises(DumpError, match="line 3"):
        parse_dump("SET a=1;\nSET b=2;\nINSERT INTO t (a) VALUES ('oops);\n")
