"""Corpus readers on small hand-made documents (offsets counted by hand)."""

from __future__ import annotations

import pytest

from benchmarks.corpora import (
    Attribution,
    GoldMention,
    Timex,
    detokenize,
    name_span,
    parse_brat,
    parse_esc,
    parse_meantime,
    parse_timeml,
)

TIMEML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>X</DOCID>
<DCT><TIMEX3 tid="t0" type="TIME" value="1998-02-13T14:28" functionInDocument="CREATION_TIME">\
02/13/1998 14:28</TIMEX3></DCT>
<TEXT>
Rebels attacked the town <TIMEX3 tid="t1" type="DATE" value="1998-02-12">yesterday</TIMEX3>.
The fighting lasted <TIMEX3 tid="t2" type="DURATION" value="P3D">three days</TIMEX3>, \
officials <EVENT eid="e1" class="REPORTING">said</EVENT>.
Talks resume <TIMEX3 tid="t3" type="DATE" value="1998-02-16">Monday</TIMEX3>.
</TEXT>
</TimeML>
"""

BRAT = """T1\tContent 12 25\t"a good one,"
T2\tSource 26 31\tObama
T3\tCue 32 36\tsaid
T4\tAttribution 32 36\tsaid
E1\tAttribution:T4 Content:T1 Source:T2 Cue:T3
T5\tCue 46 52\targued
T6\tContent 53 61;68 72\tthe plan fail
T7\tAttribution-no-source 46 52\targued
E2\tAttribution-no-source:T7 Cue:T5 Content:T6
#1\tAnnotatorNotes T6\tcheck the span
a continuation line of a multi-line span text
"""
BRAT_TEXT = 'The deal is "a good one," Obama said. Critics argued the plan would fail.'


def test_parse_timeml_text_spans_and_creation_date() -> None:
    doc = parse_timeml(TIMEML, "x.tml")
    assert doc.text == (
        "Rebels attacked the town yesterday.\n"
        "The fighting lasted three days, officials said.\n"
        "Talks resume Monday."
    )
    assert doc.published == "1998-02-13"
    assert doc.timexes == (
        Timex(25, 34, "DATE", "1998-02-12"),
        Timex(56, 66, "DURATION", "P3D"),
        Timex(97, 103, "DATE", "1998-02-16"),
    )
    assert [doc.text[t.start : t.end] for t in doc.timexes] == ["yesterday", "three days", "Monday"]


def test_parse_brat_attributions_with_and_without_source() -> None:
    found = parse_brat(BRAT)
    assert found == (
        Attribution(content=((12, 25),), source=((26, 31),), cue=((32, 36),)),
        Attribution(content=((53, 61), (68, 72)), source=(), cue=((46, 52),)),
    )
    assert BRAT_TEXT[12:25] == '"a good one,"'
    assert BRAT_TEXT[26:31] == "Obama"
    assert BRAT_TEXT[53:61] + " " + BRAT_TEXT[68:72] == "the plan fail"


def test_parse_brat_ignores_events_without_content() -> None:
    assert parse_brat("T1\tCue 0 4\tsaid\nE1\tAttribution:T1 Cue:T1\n") == ()


@pytest.mark.parametrize(
    ("sentences", "expected"),
    [
        ([["He", "said", ",", '"', "No", '"', "."]], 'He said, "No".'),
        ([["a", "90", "-", "day", "stay"]], "a 90-day stay"),
        ([["at", "4", ":", "59", "PM"]], "at 4:59 PM"),
        ([["120", ",", "000", "and", "6", ".", "1"]], "120,000 and 6.1"),
        ([["May", "03", ",", "2013", "."], ["5", "died"]], "May 03, 2013. 5 died"),
        ([["Reports", ":", "calm"]], "Reports: calm"),
        ([["U", ".", "S", ".", "troops"]], "U.S. troops"),
        ([["it", "is", "n't", "John", "'s"]], "it isn't John's"),
        ([["``", "Go", "''", "(", "now", ")", "."]], "“Go” (now)."),
        ([["the", "war", "--", "over"]], "the war -- over"),
        ([["Headline"], ["A", "sentence", "."], ["Next", "."]], "Headline\n\nA sentence. Next."),
    ],
)
def test_detokenize_cases(sentences: list[list[str]], expected: str) -> None:
    text, offsets = detokenize(sentences)
    assert text == expected
    tokens = [t for sentence in sentences for t in sentence]
    spans = [span for sentence in offsets for span in sentence]
    rebuilt = [text[s:e] for s, e in spans]
    mapped = {"``": "“", "''": "”"}
    assert rebuilt == [mapped.get(t, t) for t in tokens]


@pytest.mark.parametrize(
    ("text", "span", "sentence_start", "expected"),
    [
        ("Police said John Smith left.", (12, 22), 0, (12, 22)),
        ("He drove in Philadelphia today.", (9, 24), 0, (12, 24)),
        ("Police said it.", (0, 6), 0, None),  # a lone sentence-initial word is ambiguous
        ("They saw the police.", (9, 19), 0, None),
        ("They told the Associated Press today.", (10, 30), 0, (14, 30)),
        ("I said so.", (0, 1), 5, None),
    ],
)
def test_name_span_cases(
    text: str, span: tuple[int, int], sentence_start: int, expected: tuple[int, int] | None
) -> None:
    assert name_span(text, span, sentence_start) == expected


MEANTIME = """<?xml version="1.0" ?><Document doc_id="1" doc_name="t">
<token t_id="1" sentence="0" number="0">Fiat</token>
<token t_id="2" sentence="0" number="1">buys</token>
<token t_id="3" sentence="0" number="2">Chrysler</token>
<token t_id="4" sentence="1" number="3">May</token>
<token t_id="5" sentence="1" number="4">1</token>
<token t_id="6" sentence="1" number="5">,</token>
<token t_id="7" sentence="1" number="6">2009</token>
<token t_id="8" sentence="2" number="7">The</token>
<token t_id="9" sentence="2" number="8">company</token>
<token t_id="10" sentence="2" number="9">said</token>
<token t_id="11" sentence="2" number="10">it</token>
<token t_id="12" sentence="2" number="11">grew</token>
<token t_id="13" sentence="2" number="12">.</token>
<Markables>
<ENTITY_MENTION m_id="1" syntactic_type="NAM"><token_anchor t_id="1"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="2" syntactic_type="NAM"><token_anchor t_id="3"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="3" syntactic_type="NOM">
<token_anchor t_id="8"/><token_anchor t_id="9"/></ENTITY_MENTION>
<TIMEX3 m_id="4" type="DATE" value="2009-05-01" functionInDocument="NONE">
<token_anchor t_id="4"/><token_anchor t_id="5"/><token_anchor t_id="6"/><token_anchor t_id="7"/>
</TIMEX3>
<TIMEX3 m_id="5" type="DATE" value="2009-05-01" functionInDocument="CREATION_TIME"/>
<ENTITY m_id="10" ent_type="ORG"/>
</Markables>
<Relations>
<REFERS_TO r_id="1"><source m_id="1"/><source m_id="3"/><target m_id="10"/></REFERS_TO>
</Relations>
</Document>
"""


def test_parse_meantime_rebuilds_text_and_maps_mentions() -> None:
    doc = parse_meantime(MEANTIME, "m.xml")
    assert doc.text == "Fiat buys Chrysler\n\nMay 1, 2009\n\nThe company said it grew."
    assert doc.published == "2009-05-01"
    assert doc.timexes == (Timex(20, 31, "DATE", "2009-05-01"),)
    assert doc.mentions == (
        GoldMention(0, 4, "ORG", named=True),
        GoldMention(10, 18, "", named=True),
        GoldMention(33, 44, "ORG", named=False),
    )
    assert doc.regions == ((0, 18), (20, 31), (33, 58))
    assert doc.tokens["9"] == (37, 44)


ESC = """<?xml version='1.0' encoding='UTF-8'?>
<Document doc_name="1_1ecbplus.xml">
  <token t_id="1" sentence="0" number="0">http</token>
  <token t_id="2" sentence="0" number="1">:</token>
  <token t_id="3" sentence="0" number="2">//x.com</token>
  <token t_id="4" sentence="1" number="3">Gunman</token>
  <token t_id="5" sentence="1" number="4">kills</token>
  <token t_id="6" sentence="1" number="5">two</token>
  <token t_id="7" sentence="2" number="6">Sep</token>
  <token t_id="8" sentence="2" number="7">10</token>
  <token t_id="9" sentence="2" number="8">,</token>
  <token t_id="10" sentence="2" number="9">2010</token>
  <token t_id="11" sentence="3" number="10">Police</token>
  <token t_id="12" sentence="3" number="11">said</token>
  <token t_id="13" sentence="3" number="12">John</token>
  <token t_id="14" sentence="3" number="13">Smith</token>
  <token t_id="15" sentence="3" number="14">shot</token>
  <token t_id="16" sentence="3" number="15">two</token>
  <token t_id="17" sentence="3" number="16">co</token>
  <token t_id="18" sentence="3" number="17">-</token>
  <token t_id="19" sentence="3" number="18">workers</token>
  <token t_id="20" sentence="3" number="19">in</token>
  <token t_id="21" sentence="3" number="20">Philadelphia</token>
  <token t_id="22" sentence="3" number="21">on</token>
  <token t_id="23" sentence="3" number="22">Thursday</token>
  <token t_id="24" sentence="3" number="23">.</token>
  <token t_id="25" sentence="4" number="24">He</token>
  <token t_id="26" sentence="4" number="25">fled</token>
  <token t_id="27" sentence="4" number="26">.</token>
  <Markables>
    <HUMAN_PART_PER m_id="1"><token_anchor t_id="4"/></HUMAN_PART_PER>
    <TIME_DATE m_id="2" DCT="TRUE" value="2010-09-10">
      <token_anchor t_id="7"/><token_anchor t_id="8"/><token_anchor t_id="9"/>
      <token_anchor t_id="10"/>
    </TIME_DATE>
    <HUMAN_PART_PER m_id="3"><token_anchor t_id="11"/></HUMAN_PART_PER>
    <HUMAN_PART_PER m_id="4"><token_anchor t_id="13"/><token_anchor t_id="14"/></HUMAN_PART_PER>
    <HUMAN_PART_PER m_id="5">
      <token_anchor t_id="16"/><token_anchor t_id="17"/><token_anchor t_id="18"/>
      <token_anchor t_id="19"/>
    </HUMAN_PART_PER>
    <LOC_GEO m_id="6"><token_anchor t_id="20"/><token_anchor t_id="21"/></LOC_GEO>
    <TIME_DATE m_id="7" DCT="FALSE" value="2010-09-09">
      <token_anchor t_id="22"/><token_anchor t_id="23"/>
    </TIME_DATE>
    <HUMAN_PART_PER m_id="8" TAG_DESCRIPTOR="t1_gunman"/>
  </Markables>
</Document>
"""


def test_parse_esc_drops_url_and_approximates_names() -> None:
    doc = parse_esc(ESC.encode("utf-8"), "e.xml")
    assert doc.text == (
        "Gunman kills two\n\nSep 10, 2010\n\nPolice said John Smith shot two co-workers in "
        "Philadelphia on Thursday. He fled."
    )
    assert doc.published == "2010-09-10"
    assert doc.timexes == (
        Timex(18, 30, "DATE", "2010-09-10"),
        Timex(91, 102, "DATE", "2010-09-09"),
    )
    assert doc.mentions == (
        GoldMention(0, 6, "HUMAN_PART_PER", named=False),  # in the headline
        GoldMention(32, 38, "HUMAN_PART_PER", named=False),  # lone sentence-initial word
        GoldMention(44, 54, "HUMAN_PART_PER", named=True),
        GoldMention(60, 74, "HUMAN_PART_PER", named=False),
        GoldMention(78, 90, "LOC_GEO", named=True),  # "in" dropped
    )
    assert doc.regions == ((0, 16), (18, 30), (32, 103))
