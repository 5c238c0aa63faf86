"""Readers: every input format, and a clear error for each bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.article import Article
from extract.io import (
    JsonlBlock,
    ReadError,
    jsonl_blocks,
    output_name,
    read_articles,
    read_jsonl,
    write_atomic,
)

HTML = """<html><head><title>Army shells town</title>
<meta property="article:published_time" content="2011-03-04T10:00:00Z"></head>
<body><nav>Home | World</nav><article><h1>Army shells town</h1>
<p>Government troops shelled the town of Ajdabiya on Thursday, killing at least 12 people,
residents said. Hundreds of families fled the fighting overnight, aid workers said.</p>
<p>The army denied targeting civilians and said it was responding to rebel fire from the
outskirts of the town, which has changed hands several times this week.</p></article>
<footer>Copyright 2011</footer></body></html>"""


def _read(tmp_path: Path, name: str, content: str | bytes) -> list[Article | ReadError]:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return list(read_articles([str(path)]))


def test_io_txt_with_sidecar_metadata(tmp_path: Path) -> None:
    (tmp_path / "a.meta.json").write_text(
        json.dumps({"title": "T", "published": "2010-07-16", "url": "http://x/a"})
    )
    [article] = _read(tmp_path, "a.txt", "Body text.\r\nMore.")
    assert isinstance(article, Article)
    assert (article.title, article.published, article.url) == ("T", "2010-07-16", "http://x/a")
    assert article.text == "Body text.\nMore." and article.format == "txt"


def test_io_jsonl_reports_bad_lines_and_goes_on(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": 7, "text": "First article.", "published": "2010-07-16"}),
        "{not json",
        json.dumps({"title": "no text"}),
        "",
        json.dumps({"text": "Second article."}),
    ]
    items = _read(tmp_path, "b.jsonl", "\n".join(lines))
    assert [type(i).__name__ for i in items] == ["Article", "ReadError", "ReadError", "Article"]
    first, bad, notext, second = items
    assert isinstance(first, Article) and first.input_id == "7" and first.line == 1
    assert isinstance(bad, ReadError) and bad.line == 2 and "malformed JSON" in bad.reason
    assert isinstance(notext, ReadError) and notext.line == 3 and "'text'" in notext.reason
    assert isinstance(second, Article) and second.line == 5


def test_io_json_object_and_list(tmp_path: Path) -> None:
    [one] = _read(tmp_path, "c.json", json.dumps({"text": "One."}))
    many = _read(tmp_path, "d.json", json.dumps([{"text": "A."}, {"text": "B."}]))
    assert isinstance(one, Article) and one.line is None
    assert [a.line for a in many if isinstance(a, Article)] == [1, 2]


def test_io_html_extracts_article_and_metadata(tmp_path: Path) -> None:
    [article] = _read(tmp_path, "e.html", HTML)
    assert isinstance(article, Article)
    assert "Ajdabiya" in article.text and "Home | World" not in article.text
    assert article.title == "Army shells town"
    assert article.published == "2011-03-04" and article.published_source == "html"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", "", "empty input"),
        ("blank.txt", "  \n\n ", "empty input"),
        ("binary.txt", b"\x00\x01\x02PNG\x00", "binary"),
        ("bad.json", "{oops", "malformed JSON"),
        ("script.html", "<html><script>alert(1)</script></html>", "no article text"),
        ("notes.docx", "text", "unsupported file type"),
    ],
)
def test_io_bad_input_is_an_error(
    tmp_path: Path, name: str, content: str | bytes, reason: str
) -> None:
    [item] = _read(tmp_path, name, content)
    assert isinstance(item, ReadError) and reason in item.reason


def test_io_missing_file_is_an_error(tmp_path: Path) -> None:
    [item] = list(read_articles([str(tmp_path / "nope.txt")]))
    assert isinstance(item, ReadError) and item.path.endswith("nope.txt")


def test_io_non_utf8_is_decoded_with_a_warning(tmp_path: Path) -> None:
    text = "Les réfugiés ont fui la ville de Bouaké après les combats à Abidjan."
    [article] = _read(tmp_path, "latin.txt", text.encode("cp1252"))
    assert isinstance(article, Article) and "réfugiés" in article.text
    assert article.warnings and "not UTF-8" in article.warnings[0]


def test_io_bom_is_dropped(tmp_path: Path) -> None:
    [article] = _read(tmp_path, "bom.txt", "\ufeffBody.".encode())
    assert isinstance(article, Article) and article.text == "Body."


def test_io_folder_is_recursive_and_skips_sidecars(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.txt").write_text("X.")
    (tmp_path / "y.txt").write_text("Y.")
    (tmp_path / "y.meta.json").write_text("{}")
    (tmp_path / "y.expected.json").write_text("{}")
    (tmp_path / "z.png").write_bytes(b"\x89PNG")
    paths = [a.path for a in read_articles([str(tmp_path)])]
    assert paths == [str(tmp_path / "sub" / "x.txt"), str(tmp_path / "y.txt")]


def test_io_glob(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.json"):
        (tmp_path / name).write_text("Text." if name.endswith("txt") else '{"text": "T."}')
    assert len(list(read_articles([str(tmp_path / "*.txt")]))) == 2


@pytest.mark.parametrize(
    ("path", "line", "expected"),
    [
        ("samples/000_a.txt", None, "000_a.json"),
        ("../../etc/passwd", None, "passwd.json"),
        ("/abs/dir/news.jsonl", 12, "news.12.json"),
        ("weird name?*.html", None, "weird_name.json"),
        ("..", None, "article.json"),
        (None, None, "stdin.json"),
    ],
)
def test_io_output_name_stays_inside(path: str | None, line: int | None, expected: str) -> None:
    name = output_name(Article(text="x", path=path, line=line))
    assert name == expected and "/" not in name and name not in (".", "..")


def test_io_write_atomic_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "r.json"
    write_atomic(target, "one")
    write_atomic(target, "two")
    assert target.read_text() == "two"
    assert [p.name for p in target.parent.iterdir()] == ["r.json"]


def test_io_jsonl_streams_and_reports_a_non_utf8_line(tmp_path: Path) -> None:
    good = json.dumps({"text": "Troops left."}).encode()
    bad = json.dumps({"text": "Réfugiés"}, ensure_ascii=False).encode("cp1252")
    items = _read(tmp_path, "f.jsonl", b"\xef\xbb\xbf" + good + b"\r\n" + bad + b"\n" + good)
    assert [type(i).__name__ for i in items] == ["Article", "ReadError", "Article"]
    assert isinstance(items[1], ReadError) and items[1].line == 2
    assert "not UTF-8" in items[1].reason
    assert _read(tmp_path, "g.jsonl", "\n\n") == [
        ReadError(str(tmp_path / "g.jsonl"), "empty input")
    ]


JSONL_LINE = st.one_of(
    st.builds(lambda t: json.dumps({"text": t}), st.text(min_size=1, max_size=30)),
    st.sampled_from(["", "   ", "{broken", '{"text": ""}', "[1]", '\ufeff{"text": "x"}']),
)


@settings(max_examples=150, deadline=None)
@given(
    lines=st.lists(JSONL_LINE, max_size=25),
    parts=st.integers(min_value=1, max_value=12),
    crlf=st.booleans(),
)
def test_io_jsonl_blocks_read_like_the_whole_file(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str], parts: int, crlf: bool
) -> None:
    path = tmp_path_factory.mktemp("blocks") / "news.jsonl"
    path.write_bytes(("\r\n" if crlf else "\n").join(lines).encode("utf-8"))
    whole = list(read_jsonl(JsonlBlock("news.jsonl", path)))
    blocks = jsonl_blocks("news.jsonl", path, parts)
    assert 1 <= len(blocks) <= parts
    assert [item for block in blocks for item in read_jsonl(block)] == whole
    assert [b.start for b in blocks] == sorted({b.start for b in blocks})


def test_io_jsonl_blocks_start_at_lines_with_their_numbers(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    lines = [json.dumps({"text": f"Article {i}."}) for i in range(1, 9)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    blocks = jsonl_blocks("news.jsonl", path, 4)
    assert [(b.line, b.end is None) for b in blocks] == [
        (1, False),
        (3, False),
        (5, False),
        (7, True),
    ]
    assert [a.line for a in read_jsonl(blocks[2]) if isinstance(a, Article)] == [5, 6]
