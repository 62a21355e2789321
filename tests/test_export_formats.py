"""Output formats of extract / assemble: jsonl, json, csv (ACLED columns), geojson; atomic writes; resume."""

import csv
import json

import pytest

from marsad.errors import MarsadError
from marsad.model.export import (
    ACLED_COLUMNS,
    CSV_COLUMNS,
    done_ids,
    event_rows,
    format_for,
    open_writer,
    write_documents,
)
from marsad.model.schema import Actor, AdminRef, Count, Document, Entity, Event, Fatalities, Location

TEXT = (
    "محافظة دير الزور – المرصد السوري لحقوق الإنسان:: قتل 43 عنصراً من تنظيم «الدولة الإسلامية» "
    "هم 8 من جنسيات سورية و35 من جنسيات غير سورية، في اشتباكات مع قوات سوريا الديمقراطية قرب بلدة هجين. "
    "وأصيب 5 مدنيين بقصف على قرية لا يعرف مكانها."
)


def _span(text: str, label: str, occurrence: int = 0) -> Entity:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(text, start + 1)
    return Entity(label=label, start=start, end=start + len(text), text=text, score=0.9)


def sample_doc(doc_id: str = "r1") -> Document:
    """A report with two events: a clash (with a 43 = 8 + 35 breakdown) at a geocoded town, and
    shelling without a known location."""
    entities = [
        _span("دير الزور", "LOC"), _span("43 عنصراً", "COUNT"), _span("تنظيم «الدولة الإسلامية»", "ACTOR"),
        _span("8", "COUNT"), _span("35", "COUNT"), _span("قوات سوريا الديمقراطية", "ACTOR"), _span("هجين", "LOC"),
        _span("5 مدنيين", "COUNT"),
    ]
    hajin = entities[6]
    location = Location(
        start=hajin.start, end=hajin.end, text=hajin.text, name="Hajin", level="locality", pcode="C5123",
        admin1=AdminRef(pcode="SY09", name="Deir-ez-Zor"), admin2=AdminRef(pcode="SY0903", name="Al Mayadin"),
        lat=34.69, lon=40.83, geo_precision=1, qualifiers=["near"],
    )

    def count(ent: Entity, value: int, category: str, victim: str, part_of=None) -> Count:
        return Count(start=ent.start, end=ent.end, text=ent.text, value=value, low=value, category=category,
                     victim=victim, victim_status="civilian" if victim == "CIVILIANS" else "combatant",
                     part_of=part_of)

    counts = [
        count(entities[1], 43, "killed", "IS"), count(entities[3], 8, "killed", "IS", 0),
        count(entities[4], 35, "killed", "IS", 0), count(entities[7], 5, "injured", "CIVILIANS"),
    ]
    first_sentence_end = TEXT.index(".") + 1
    events = [
        Event(event_type="Battles", sub_event_type="Armed clash", actor1="SDF", actor2="IS", location=0,
              counts=[0, 1, 2], fatalities=43, span=(0, first_sentence_end), confidence=0.9, date="2018-10-27"),
        Event(event_type="Explosions/Remote violence", sub_event_type="Shelling/artillery/missile attack",
              actor1=None, actor2="CIVILIANS", location=None, counts=[3], fatalities=0,
              span=(first_sentence_end + 1, len(TEXT)), confidence=0.6),
    ]
    actors = [Actor(id="IS", name="Islamic State", acled_name="Islamic State (Syria)",
                    mentions=[(entities[2].start, entities[2].end)])]
    return Document(id=doc_id, entities=entities, actors=actors, locations=[location], counts=counts,
                    events=events, fatalities=Fatalities(by_victim={"IS": 43}, total=43))


def test_format_from_option_suffix_or_default(tmp_path):
    assert format_for(None, None) == "jsonl"
    assert format_for(tmp_path / "x.csv", None) == "csv"
    assert format_for(tmp_path / "x.GeoJSON", None) == "geojson"
    assert format_for(tmp_path / "x.htm", None) == "html"
    assert format_for(tmp_path / "x.csv", "json") == "json"  # --format wins over the suffix
    with pytest.raises(MarsadError, match="suffix"):
        format_for(tmp_path / "x.dat", None)


def test_csv_starts_with_acled_columns_and_has_one_row_per_event(tmp_path):
    path = tmp_path / "events.csv"
    write_documents(iter([(sample_doc("r1"), TEXT), (Document(id="no-events"), "")]), "csv", path)
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames
        rows = list(reader)
    assert tuple(header[: len(ACLED_COLUMNS)]) == ACLED_COLUMNS
    assert header[:3] == ["event_id_cnty", "event_date", "year"] and "fatalities" in header[:29]
    assert {"report_id", "actor1_id", "actor2_id", "pcode", "killed", "confidence", "span_start"} <= set(header)
    assert len(rows) == 2  # the report without events gives no rows
    clash, shelling = rows
    assert clash["event_id_cnty"] == "r1-1" and clash["event_date"] == "2018-10-27" and clash["year"] == "2018"
    assert clash["actor1"] == "QSD: Syrian Democratic Forces"  # actors.yaml acled_name
    assert clash["actor2"] == "Islamic State (Syria)"
    assert clash["admin1"] == "Deir-ez-Zor" and clash["admin2"] == "Al Mayadin" and clash["location"] == "Hajin"
    assert (clash["latitude"], clash["longitude"], clash["geo_precision"]) == ("34.69", "40.83", "1")
    assert clash["country"] == "Syria" and clash["iso"] == "760"
    assert clash["fatalities"] == "43"
    assert clash["killed"] == "43"  # the 8 + 35 breakdown is not added on top of its whole
    assert "8 killed IS (new, part of #0)" in clash["count_details"]
    assert clash["notes"].startswith("محافظة دير الزور") and clash["notes"].endswith("هجين.")
    assert clash["disorder_type"] == "Political violence" and clash["interaction"] == "Rebel group-Rebel group"
    assert shelling["actor2"] == "Civilians (Syria)" and shelling["civilian_targeting"] == "Civilian targeting"
    assert shelling["location"] == "" and shelling["latitude"] == "" and shelling["injured"] == "5"
    assert shelling["event_date"] == ""  # neither the event nor the report has a date


def test_report_date_fills_event_date_with_lower_time_precision():
    rows = event_rows(sample_doc(), TEXT, date="2018-10-28")
    assert [r["event_date"] for r in rows] == ["2018-10-27", "2018-10-28"]
    assert [r["time_precision"] for r in rows] == [1, 2]


def test_geojson_has_one_point_feature_per_event(tmp_path):
    path = tmp_path / "events.geojson"
    write_documents(iter([(sample_doc(), TEXT), (Document(id="none"), "")]), "geojson", path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and "CC BY 4.0" in data["attribution"]
    assert len(data["features"]) == 2
    located, unlocated = data["features"]
    assert located["geometry"] == {"type": "Point", "coordinates": [40.83, 34.69]}  # [lon, lat]
    assert located["properties"]["fatalities"] == 43 and located["properties"]["pcode"] == "C5123"
    assert set(located["properties"]) == set(CSV_COLUMNS)
    assert unlocated["geometry"] is None


def test_json_and_jsonl_hold_the_spec_documents(tmp_path):
    docs = [sample_doc("a"), Document(id="b")]
    write_documents(iter([(d, TEXT) for d in docs]), "json", tmp_path / "out.json")
    write_documents(iter([(d, TEXT) for d in docs]), "jsonl", tmp_path / "out.jsonl")
    as_list = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    lines = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert as_list == lines == [d.model_dump(mode="json") for d in docs]
    assert set(lines[0]) == {"id", "entities", "actors", "locations", "counts", "events", "fatalities"}


def test_whole_file_formats_replace_the_target_only_on_success(tmp_path):
    target = tmp_path / "events.csv"
    target.write_text("previous run\n", encoding="utf-8")
    writer = open_writer("csv", target)
    writer.write(sample_doc(), TEXT)
    assert target.read_text(encoding="utf-8") == "previous run\n"  # nothing visible mid-run
    writer.abort()
    assert target.read_text(encoding="utf-8") == "previous run\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.csv"]  # the temporary file is gone
    writer = open_writer("csv", target)
    writer.write(sample_doc(), TEXT)
    writer.close()
    assert target.read_text(encoding="utf-8").startswith("event_id_cnty,")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.csv"]


def test_jsonl_is_flushed_record_by_record(tmp_path):
    target = tmp_path / "out.jsonl"
    writer = open_writer("jsonl", target)
    writer.write(sample_doc("a"), TEXT)
    assert json.loads(target.read_text(encoding="utf-8"))["id"] == "a"  # readable before close
    writer.close()


def test_done_ids_drops_a_truncated_last_line(tmp_path):
    target = tmp_path / "out.jsonl"
    full = json.dumps({"id": "a", "entities": []}) + "\n" + json.dumps({"id": 7}) + "\n"
    target.write_text(full + '{"id": "c", "entit', encoding="utf-8")
    assert done_ids(target) == {"a", "7"}
    assert target.read_text(encoding="utf-8") == full
    assert done_ids(tmp_path / "missing.jsonl") == set()


def test_only_jsonl_can_be_appended(tmp_path):
    with pytest.raises(MarsadError, match="only jsonl"):
        open_writer("csv", tmp_path / "x.csv", append=True)
