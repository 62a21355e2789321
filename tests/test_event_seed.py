"""The event layer on the seed report's gold spans (issue 5 point 6): the facts an analyst codes."""

import json
import random
from pathlib import Path

import pytest

from marsad.annotations.corpus import load_reports
from marsad.model.assemble import assemble
from marsad.model.schema import Document

SEED = Path(__file__).resolve().parents[1] / "annotations" / "reports" / "seed.jsonl"
SPEC_KEYS = {"id", "entities", "actors", "locations", "counts", "events", "fatalities"}


@pytest.fixture(scope="module")
def seed():
    (report,) = load_reports(SEED, split_file=None)
    return report


@pytest.fixture(scope="module")
def seed_doc(seed):
    return assemble(seed.text, seed.entities, id=seed.id, date=seed.meta["date"])


def _by_text(doc):
    return {c.text: (i, c) for i, c in enumerate(doc.counts)}


def test_is_43_killed_with_breakdowns_not_added_on_top(seed_doc):
    counts = _by_text(seed_doc)
    i43, c43 = counts["43 عنصراً"]
    assert (c43.value, c43.category, c43.victim, c43.scope, c43.part_of) == (43, "killed", "IS", "new", None)
    i35, c35 = counts["35"]
    assert counts["8"][1].part_of == i43 and c35.part_of == i43
    assert counts["28"][1].part_of == i35 and counts["الـ 7"][1].part_of == i35  # nested: direct whole
    assert {c.victim for _, c in counts.values() if c.part_of is not None} == {"IS"}


def test_sdf_18_killed_and_running_totals(seed_doc):
    counts = _by_text(seed_doc)
    c18 = counts["18 عنصراً"][1]
    assert (c18.value, c18.category, c18.victim, c18.scope) == (18, "killed", "SDF", "new")
    c414, c227 = counts["414"][1], counts["227"][1]
    assert (c414.value, c414.scope, c414.victim, c414.qualifier) == (414, "cumulative", "IS", "at_least")
    assert (c227.value, c227.scope, c227.victim, c227.qualifier) == (227, "cumulative", "SDF", "at_least")


def test_captured_and_destroyed(seed_doc):
    counts = _by_text(seed_doc)
    two = counts["اثنين"][1]
    six = counts["أكثر من 6 عربات"][1]
    assert (two.value, two.category, two.victim) == (2, "captured", "IS")
    assert (six.value, six.qualifier, six.unit, six.category, six.victim) == (6, "at_least", "vehicle", "destroyed", "IS")


def test_fatalities_count_new_deaths_once(seed_doc):
    assert seed_doc.fatalities.by_victim == {"IS": 43, "SDF": 18}
    assert seed_doc.fatalities.total == 61
    # events split the 43 without counting a death twice
    assert sum(e.fatalities for e in seed_doc.events) == 61


def test_facts_match_the_gold_annotation(seed, seed_doc):
    gold = [(c["value"], c["category"], c["victim"], c["scope"], c["part_of"]) for c in seed.facts["counts"]]
    got = [(c.value, c.category, c.victim, c.scope, c.part_of) for c in seed_doc.counts]
    assert got == gold
    assert sorted(a.id for a in seed_doc.actors) == seed.facts["actors"]
    assert sorted({loc.admin1.pcode for loc in seed_doc.locations if loc.admin1}) == seed.facts["admin1"]


def test_document_is_exactly_the_spec_record(seed, seed_doc):
    record = seed_doc.model_dump()
    assert set(record) == SPEC_KEYS
    assert set(record["fatalities"]) == {"by_victim", "total"}
    assert Document.model_validate(json.loads(json.dumps(record, ensure_ascii=False))).model_dump() == record
    for entity in record["entities"]:
        assert seed.text[entity["start"] : entity["end"]] == entity["text"]
    baghuz = next(loc for loc in record["locations"] if loc["text"] == "الباغوز")
    assert baghuz["admin1"] == {"pcode": "SY09", "name": "Deir ez-Zor"}
    assert baghuz["qualifiers"] == ["front"] and baghuz["geo_precision"] == 2 and baghuz["level"] == "locality"


def test_events_carry_acled_types_actors_places_and_dates(seed, seed_doc):
    events = seed_doc.events
    assert events, "the seed describes several events"
    types = {(e.event_type, e.sub_event_type) for e in events}
    assert ("Battles", "Armed clash") in types
    assert ("Explosions/Remote violence", "Air/drone strike") in types
    clash_7 = next(e for e in events if any(seed_doc.counts[i].text == "الـ 7" for i in e.counts))
    assert {clash_7.actor1, clash_7.actor2} == {"SDF", "IS"} and clash_7.fatalities == 7
    assert clash_7.date == "2018-10-27"  # ليل الجمعة – السبت before a Sunday report
    for event in events:
        assert 0 <= event.span[0] < event.span[1] <= len(seed.text)
        assert event.location is None or 0 <= event.location < len(seed_doc.locations)
        assert 0 < event.confidence <= 1


def _noisy(text, spans, rng):
    """Arabic-Indic digits everywhere, tatweel and diacritics sprinkled in: offsets shift."""
    indic = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    out, mapping = [], []
    for ch in text:
        mapping.append(len("".join(out)))
        piece = ch.translate(indic)
        if "\u0628" <= ch <= "\u064a" and rng.random() < 0.3:
            piece += rng.choice(["\u064e", "\u064f", "\u0650", "\u0640", "\u0651\u064e"])
        out.append(piece)
    mapping.append(len("".join(out)))
    new = "".join(out)
    return new, [{"label": s.label, "start": mapping[s.start], "end": mapping[s.end]} for s in spans]


def test_same_facts_with_arabic_indic_digits_tatweel_and_diacritics(seed, seed_doc):
    text, spans = _noisy(seed.text, seed.entities, random.Random(7))
    assert text != seed.text and len(text) > len(seed.text)
    doc = assemble(text, spans, id=seed.id, date=seed.meta["date"])

    def facts(d):
        return ([(c.value, c.qualifier, c.category, c.victim, c.scope, c.part_of, c.unit) for c in d.counts],
                sorted(a.id for a in d.actors), [(loc.pcode, loc.admin1 and loc.admin1.pcode) for loc in d.locations],
                d.fatalities.by_victim)

    assert facts(doc) == facts(seed_doc)
    for count in doc.counts:
        assert text[count.start : count.end] == count.text
