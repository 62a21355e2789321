"""Corpus reading, validation, import/export round trips and stats."""

import json

import pytest
from typer.testing import CliRunner

from marsad.annotations.convert import (
    export_brat,
    export_conll,
    export_hf,
    export_labelstudio,
    import_file,
)
from marsad.annotations.corpus import Report, Span, load_reports, parse_markup, to_markup
from marsad.annotations.iob import spans_from_tags, word_tags
from marsad.annotations.stats import count_form, coverage, max_reports_sharing_a_sentence
from marsad.annotations.validate import validate_corpus
from marsad.cli import app

MARKUP = (
    "محافظة <LOC>إدلب</LOC> – قتل <COUNT>3 مدنيين</COUNT> بينهم <COUNT>طفل</COUNT> بقصف من "
    "<ACTOR>قوات النظام</ACTOR> على بلدة <LOC>كفرنبل</LOC>."
)
FACTS = {
    "counts": [
        {"text": "3 مدنيين", "value": 3, "category": "killed", "victim": "CIVILIANS", "scope": "new", "part_of": None},
        {"text": "طفل", "value": 1, "category": "killed", "victim": "CIVILIANS", "scope": "new", "part_of": 0},
    ],
    "actors": ["SYRIAN_GOV"],
    "admin1": ["SY07"],
}


def sample_reports():
    text, spans = parse_markup(MARKUP)
    return [
        Report(id="r1", text=text, entities=spans, meta={"split": "train"}, facts=FACTS),
        Report(id="r2", text="اشتباكات بين قسد وداعش", entities=[Span(start=13, end=16, label="ACTOR")], meta={"split": "dev"}),
    ]


def test_markup_round_trip():
    text, spans = parse_markup(MARKUP)
    assert [text[s.start : s.end] for s in spans] == ["إدلب", "3 مدنيين", "طفل", "قوات النظام", "كفرنبل"]
    assert to_markup(text, spans) == MARKUP


@pytest.mark.parametrize("bad", ["<LOC>إدلب", "<LOC><ACTOR>x</ACTOR></LOC>", "إدلب</LOC>", "<LOC></LOC>"])
def test_markup_errors_are_reported(bad):
    with pytest.raises(ValueError):
        parse_markup(bad)


def test_validate_reports_every_problem_with_file_and_line(tmp_path):
    good = {"id": "a", "markup": MARKUP, "facts": FACTS}
    bad_facts = dict(FACTS, counts=[dict(FACTS["counts"][0], category="slain", victim="MARTIANS"), FACTS["counts"][1]])
    lines = [
        json.dumps(good, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "a", "text": "abc", "entities": [{"start": 1, "end": 9, "label": "LOC"}]}),
        json.dumps({"id": "c", "text": "abcdef", "entities": [
            {"start": 0, "end": 3, "label": "LOC"}, {"start": 2, "end": 4, "label": "GPE"}]}),
        json.dumps({"id": "d", "markup": MARKUP, "facts": bad_facts}, ensure_ascii=False),
    ]
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, problems = validate_corpus(path, None)
    text = "\n".join(map(str, problems))
    assert f"{path}:2: not valid JSON" in text
    assert f"{path}:3: duplicate id 'a'" in text
    assert f"{path}:3: a: span 1-9 is outside the text" in text
    assert "unknown label 'GPE'" in text and "overlap" in text
    assert f"{path}:5: d: facts.counts[0].category 'slain'" in text and "MARTIANS" in text


def test_bundled_corpus_validates():
    reports, problems = validate_corpus(check_split_sizes=False)
    assert not [p for p in problems if "has no split" not in p.reason], problems[:5]
    assert any(r.id == "seed-000" for r in reports)


def test_word_tags_label_whole_words_with_proclitics():
    report = sample_reports()[0]
    words, tags = word_tags(report.text, report.entities)
    pairs = dict(zip((w.text for w in words), tags))
    assert pairs["إدلب"] == "B-LOC" and pairs["3"] == "B-COUNT" and pairs["مدنيين"] == "I-COUNT"
    assert pairs["قوات"] == "B-ACTOR" and pairs["النظام"] == "I-ACTOR"


def test_spans_from_iob1_and_iob2_agree():
    iob2 = ["B-LOC", "I-LOC", "O", "B-ACTOR", "B-ACTOR", "I-ACTOR"]
    iob1 = ["I-LOC", "I-LOC", "O", "I-ACTOR", "B-ACTOR", "I-ACTOR"]
    assert spans_from_tags(iob2) == spans_from_tags(iob1) == [(0, 2, "LOC"), (3, 4, "ACTOR"), (4, 6, "ACTOR")]


def _mentions(reports):
    return [[(r.text[s.start : s.end], s.label) for s in r.entities] for r in reports]


def test_labelstudio_round_trip(tmp_path):
    reports = sample_reports()
    export_labelstudio(reports, tmp_path / "ls.json")
    back, problems = import_file("labelstudio", tmp_path / "ls.json")
    assert not problems and _mentions(back) == _mentions(reports)


def test_doccano_variants(tmp_path):
    text = "قصف على إدلب"
    lines = [
        {"id": 1, "text": text, "label": [[8, 12, "LOC"]]},
        {"id": 2, "text": text, "labels": [[8, 12, "LOC"]]},
        {"id": 3, "text": text, "entities": [{"id": 9, "start_offset": 8, "end_offset": 12, "label": "LOC"}]},
    ]
    path = tmp_path / "d.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n{broken\n", encoding="utf-8")
    back, problems = import_file("doccano", path)
    assert [m for r in _mentions(back) for m in r] == [("إدلب", "LOC")] * 3
    assert [str(p) for p in problems] == [f"{path}:4: not valid JSON (Expecting property name enclosed in double quotes, column 2)"]


def test_brat_round_trip(tmp_path):
    reports = sample_reports()
    export_brat(reports, tmp_path / "brat")
    back, problems = import_file("brat", tmp_path / "brat")
    assert not problems and sorted(_mentions(back)) == sorted(_mentions(reports))


def test_conll_round_trip_keeps_mentions(tmp_path):
    reports = sample_reports()
    export_conll(reports, tmp_path / "c.conll")
    back, problems = import_file("conll", tmp_path / "c.conll")
    assert not problems
    assert [[label for _, label in r] for r in _mentions(back)] == [[label for _, label in r] for r in _mentions(reports)]
    assert _mentions(back)[0][1] == ("3 مدنيين", "COUNT")


def test_conll_reports_bad_tags_with_line(tmp_path):
    path = tmp_path / "x.conll"
    path.write_text("قسد B-ACTOR\nفي X-LOC\n\nحلب\n", encoding="utf-8")
    _, problems = import_file("conll", path)
    assert [p.line for p in problems] == [2, 4]


def test_hf_export_has_class_labels(tmp_path):
    from datasets import load_from_disk

    export_hf(sample_reports(), tmp_path / "hf")
    dataset = load_from_disk(str(tmp_path / "hf"))
    assert set(dataset) == {"train", "dev"}
    names = dataset["train"].features["ner_tags"].feature.names
    assert names[dataset["train"][0]["ner_tags"][1]] == "B-LOC"


def test_count_forms_and_repeated_sentences():
    assert count_form("٤٣ عنصراً", {"value": 43}) == {"arabic_indic_digits"}
    assert count_form("عنصرين", {"value": 2}) == {"dual"}
    assert count_form("العشرات", {"value": 12, "qualifier": "vague"}) == {"vague"}
    assert count_form("خمسة عناصر", {"value": 5}) == {"number_word"}
    same = "قتل ثلاثة عناصر من قوات النظام بانفجار عبوة ناسفة على طريق درعا"
    reports = [Report(id=str(i), text=same) for i in range(3)]
    assert max_reports_sharing_a_sentence(reports) == 3


def test_coverage_reports_unmet_items():
    lines = {line.item: line for line in coverage(sample_reports())}
    assert lines["reports"].met is False and lines["reports"].measured == 2


def test_cli_export_and_import(tmp_path):
    runner = CliRunner()
    out = tmp_path / "c.jsonl"
    result = runner.invoke(app, ["corpus", "export", "--output", str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    seed = next(r for r in records if r["id"] == "seed-000")
    assert seed["text"][seed["entities"][0]["start"] : seed["entities"][0]["end"]] == "شرق الفرات"
    assert len(records) == len(load_reports())

    conll = tmp_path / "x.conll"
    conll.write_text("قسد I-ACTOR\nفي O\nحلب I-GPE\n", encoding="utf-8")
    result = runner.invoke(app, ["corpus", "import", str(conll), "--from", "conll", "--map", "GPE=LOC", "-o", str(tmp_path / "i.jsonl")])
    assert result.exit_code == 0, result.output
    imported = json.loads((tmp_path / "i.jsonl").read_text(encoding="utf-8"))
    assert [e["label"] for e in imported["entities"]] == ["ACTOR", "LOC"]


def test_cli_validate_fails_on_bad_file(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "markup": "<LOC>حلب"}\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["corpus", "validate", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:1: <LOC> is never closed" in result.output


def test_split_assignment_is_stable_and_keeps_test_to_its_digits():
    from marsad.annotations.split import assign_new

    reports = [Report(id=f"b9-{i:03d}", text="x") for i in range(1, 101)]
    first = assign_new(reports, {}, test_share=0.2, dev_share=0.1)
    assert all(r_id[-1] in "789" for r_id, name in first.items() if name == "test")
    assert list(first.values()).count("dev") == 10 and 15 <= list(first.values()).count("test") <= 20
    more = reports + [Report(id=f"b9-{i:03d}", text="x") for i in range(101, 121)]
    second = assign_new(more, first, test_share=0.2, dev_share=0.1)
    assert set(second) == {f"b9-{i:03d}" for i in range(101, 121)}  # old ids never move
