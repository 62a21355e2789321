"""Gazetteer and location resolution: p-codes, name variants, qualifiers, context, attribution."""

import math
from pathlib import Path

import pytest

from marsad.model.assemble import assemble
from marsad.model.gazetteer import default_gazetteer

DATA = Path(__file__).resolve().parents[1] / "model" / "data" / "gazetteer"


def _locations(markup_text, spans, **kw):
    doc = assemble(markup_text, spans, **kw)
    return doc.locations


def _loc(text, name, context="", after=""):
    """One LOC span `name` inside `context + name + after`."""
    full = context + name + after
    start = len(context)
    return _locations(full, [{"label": "LOC", "start": start, "end": start + len(name)}])[0]


@pytest.mark.parametrize(("name", "admin1"), [
    ("الباغوز", "SY09"), ("هجين", "SY09"), ("دير الزور", "SY09"), ("حماة", "SY05"), ("حماه", "SY05"),
    ("إدلب", "SY07"), ("ادلب", "SY07"), ("الرقة", "SY11"), ("الرقه", "SY11"), ("كفرنبل", "SY07"),
    ("كفر نبل", "SY07"), ("تل رفعت", "SY02"), ("عين العرب", "SY02"), ("كوباني", "SY02"), ("ريف دمشق", "SY03"),
    ("القنيطرة", "SY14"), ("درعا", "SY12"), ("السويداء", "SY13"), ("اللاذقية", "SY06"), ("طرطوس", "SY10"),
    ("الحسكة", "SY08"), ("حمص", "SY04"), ("دمشق", "SY01"), ("حلب", "SY02"),
])
def test_names_resolve_to_their_governorate(name, admin1):
    location = _loc("", name, "قصف على ", " اليوم")
    assert location.admin1 is not None and location.admin1.pcode == admin1


def test_levels_pcodes_and_precision():
    gov = _loc("", "إدلب", "في محافظة ")
    assert (gov.level, gov.pcode, gov.geo_precision) == ("governorate", "SY07", 3)
    town = _loc("", "هجين", "في بلدة ")
    assert (town.level, town.pcode, town.geo_precision) == ("subdistrict", "SY090201", 1)
    assert town.admin2.pcode == "SY0902" and town.admin3.pcode == "SY090201"
    village = _loc("", "الباغوز", "على محور ")
    assert (village.level, village.pcode, village.geo_precision, village.qualifiers) == ("locality", None, 2, ["front"])
    assert village.name == "Al-Baghuz" and village.lat and village.lon


def test_qualifiers_around_the_name():
    assert _loc("", "دير الزور", "في القطاع الشرقي من ريف ").qualifiers == ["countryside", "east"]
    assert _loc("", "دير الزور", "بريف ", " الشرقي").qualifiers == ["countryside", "east"]
    assert _loc("", "الميادين", "في بادية ").qualifiers == ["desert"]
    assert _loc("", "تل رفعت", "على أطراف ").qualifiers == ["outskirts"]
    assert _loc("", "حماة", "شمال شرق ").qualifiers == ["northeast"]
    assert _loc("", "حلب", "بريف ", " الشمالي الغربي").qualifiers == ["countryside", "northwest"]


def test_rif_dimashq_is_the_governorate_not_countryside_of_damascus():
    location = _loc("", "دمشق", "في ريف ", " الغربي")
    assert location.admin1.pcode == "SY03" and location.pcode == "SY03"
    assert "countryside" not in location.qualifiers
    whole = _loc("", "ريف دمشق", "محافظة ")
    assert whole.pcode == "SY03"


def test_proclitics_are_stripped_but_names_starting_with_them_are_kept():
    assert _loc("", "وهجين", "بين الباغوز ").pcode == "SY090201"
    assert _loc("", "بحلب", "").admin1.pcode == "SY02"
    assert _loc("", "فاطمة", "تلال ").name is None  # not أطمة with a ف


def test_unknown_locality_takes_the_governorate_the_text_gives():
    text = "محافظة إدلب – المرصد السوري:: قصف على قرية خربة المجهول اليوم"
    start = text.index("خربة")
    spans = [{"label": "LOC", "start": text.index("إدلب"), "end": text.index("إدلب") + 4},
             {"label": "LOC", "start": start, "end": start + len("خربة المجهول")}]
    unknown = _locations(text, spans)[1]
    assert unknown.pcode is None and unknown.name is None and unknown.admin1.pcode == "SY07"
    placed = "قصف على قرية خربة المجهول بريف حماة الشمالي"
    spans = [{"label": "LOC", "start": placed.index("خربة"), "end": placed.index("خربة") + len("خربة المجهول")},
             {"label": "LOC", "start": placed.index("حماة"), "end": placed.index("حماة") + 4}]
    assert _locations(placed, spans)[0].admin1.pcode == "SY05"
    alone = _loc("", "خربة المجهول", "قصف على ")
    assert alone.admin1 is None and alone.pcode is None and alone.geo_precision is None


def test_a_shared_name_follows_the_report():
    text = "محافظة حماة – المرصد السوري:: اقتحمت قوات النظام حي الحميدية في مدينة حماة"
    start = text.index("حي الحميدية")
    spans = [{"label": "LOC", "start": start, "end": start + len("حي الحميدية")},
             {"label": "LOC", "start": text.rindex("حماة"), "end": text.rindex("حماة") + 4}]
    assert _locations(text, spans)[0].admin1.pcode == "SY05"  # not Tartus' subdistrict Hameidiyyeh


def test_regions_without_one_governorate_add_no_admin1():
    for name in ("شرق الفرات", "البادية السورية"):
        location = _loc("", name, "في ")
        assert location.level == "region" and location.admin1 is None and location.geo_precision == 3


def test_curated_localities_cover_every_governorate_with_coordinates_and_source():
    gaz = default_gazetteer()
    curated = [p for p in gaz.places if p.pcode is None]
    assert len(curated) >= 200
    assert {p.admin1 for p in curated if p.admin1} == {f"SY{i:02d}" for i in range(1, 15)}
    subdistricts = [p for p in gaz.places if p.level == "subdistrict"]
    for place in curated:
        assert place.lat is not None and place.lon is not None and place.source
        if place.admin1 in (None, "SY01"):  # Damascus is one subdistrict: its centroid says little
            continue
        scale = math.cos(math.radians(place.lat))
        nearest = sorted(subdistricts, key=lambda s: math.hypot(s.lat - place.lat, (s.lon - place.lon) * scale))[:3]
        assert place.admin1 in {s.admin1 for s in nearest}, place.name


def test_admin_levels_come_from_open_syria_with_attribution():
    gaz = default_gazetteer()
    levels = [p.level for p in gaz.places if p.pcode]
    assert (levels.count("governorate"), levels.count("district"), levels.count("subdistrict")) == (14, 62, 272)
    for name in ("LICENSE.md", "SOURCE.md", "sources.json", "ATTRIBUTION.md"):
        assert (DATA / name).exists()
    assert "CC BY 4.0" in (DATA / "ATTRIBUTION.md").read_text(encoding="utf-8")
