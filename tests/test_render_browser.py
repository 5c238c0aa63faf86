"""The review view in a real browser: headless Chromium, offline, renders and runs the page.

Skipped where Chromium is not installed (`apt-get install chromium`; `.ci/run` installs it).
The screenshot of the sample's view is kept as a test artifact in tests/artifacts/.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from extract.render import render_page, render_record
from models import Record
from tests.test_render import INJECTED, _hostile

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("/usr/bin/chromium")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed: `apt-get install chromium` (.ci/run installs it)",
)


def _chromium(page: Path, profile: Path, *args: str) -> str:
    """Run headless Chromium on ``page`` with no network; returns its standard output."""
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--proxy-server=http://127.0.0.1:9",
        f"--user-data-dir={profile}",
        *args,
        page.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _dom(html: str, tmp_path: Path) -> Any:
    """The page's DOM after Chromium loaded it and ran its script."""
    page = tmp_path / "page.html"
    page.write_text(html, "utf-8")
    return lxml.html.fromstring(_chromium(page, tmp_path / "profile", "--dump-dom"))


def _tag(dom: Any, label: str, ident: str) -> Any:
    for tag in dom.find_class("ce-tag"):
        if tuple(tag.text_content().split()) == (label, ident):
            return tag
    raise AssertionError(f"no highlight tagged {label} {ident}")


def test_browser_shows_every_item_of_the_sample(sample_record: Record, tmp_path: Path) -> None:
    dom = _dom(render_page([sample_record]), tmp_path)
    salber = next(e for e in sample_record.entities if e.name == "Herbert Salber")
    tag = _tag(dom, "PERSON", salber.id)
    assert "Herbert Salber" in tag.get("title", "")  # the script copied the details
    (link,) = tag.iter("a")
    assert "Herbert Salber" in dom.get_element_by_id(link.get("href")[1:]).text_content()
    for figure in sample_record.figures:
        assert _tag(dom, figure.category, figure.id).get("title")
    for quote in sample_record.quotes:
        assert _tag(dom, "quote", quote.id).get("title")
    for date in sample_record.dates:
        assert date.value is None or date.value in _tag(dom, "date", date.id).get("title")
    assert sample_record.figures and sample_record.quotes and sample_record.dates


def test_browser_screenshot_of_the_sample(sample_record: Record, tmp_path: Path) -> None:
    page = tmp_path / "sample.html"
    page.write_text(render_page([sample_record], title="conflict-extract review"), "utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "sample-view.png"
    shot.unlink(missing_ok=True)
    _chromium(
        page,
        tmp_path / "profile",
        f"--screenshot={shot}",
        "--window-size=1280,1600",
        "--hide-scrollbars",
    )
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000  # a rendered page, not a blank one


def test_browser_runs_no_script_from_the_article(tmp_path: Path) -> None:
    """The notebook fragment has no Content-Security-Policy: escaping alone must hold."""
    html = f"<!DOCTYPE html><html><head><title>t</title></head><body>{render_record(_hostile())}"
    dom = _dom(html + "</body></html>", tmp_path)
    assert dom.findtext(".//title") == "t"  # the article's script would have renamed it
    assert not list(dom.iter(*INJECTED))
    assert 'document.title="pwned"' in dom.text_content()
