"""Entity-substitution augmentation and the entity metrics."""

import random

import pytest

from marsad.annotations.corpus import Report, parse_markup
from marsad.model.normalize import fold_for_lookup
from marsad.training.augment import SubstitutionPools, augment_reports, rewrite_number
from marsad.training.metrics import entity_scores

MARKUP = ("قتل <COUNT>43 عنصراً</COUNT> من <ACTOR>قوات سوريا الديمقراطية</ACTOR> في <LOC>هجين</LOC> "
          "بينما قصفت <ACTOR>قوات النظام</ACTOR> بلدة <LOC>كفرنبل</LOC> ما أدى لمقتل <COUNT>ثلاثة مدنيين</COUNT>")


def make_report() -> Report:
    text, spans = parse_markup(MARKUP)
    return Report(id="r1", text=text, entities=spans, facts={"counts": []})


def test_substitution_rederives_offsets_and_keeps_kinds():
    report = make_report()
    pools = SubstitutionPools.build([report], gazetteer_names=["الميادين", "دير الزور", "تل رفعت"])
    copies = augment_reports([report], copies=8, probability=1.0, seed=3, pools=pools)
    assert len(copies) == 8 and all(c.id.startswith("r1#aug") and c.facts is None for c in copies)
    original_mentions = [report.mention(s) for s in report.entities]
    for copy in copies:
        assert [s.label for s in copy.entities] == [s.label for s in report.entities]
        mentions = [copy.mention(s) for s in copy.entities]
        assert mentions != original_mentions
        for span, mention in zip(copy.entities, mentions):
            assert mention == mention.strip() and mention
            if span.label == "LOC":
                assert mention in pools.locations
        # the text around the mentions is unchanged
        assert copy.text.startswith("قتل ") and "بلدة" in copy.text
        sdf, gov = mentions[1], mentions[3]
        assert pools.alias_to_id[fold_for_lookup(sdf)] == "SDF"
        assert pools.alias_to_id[fold_for_lookup(gov)] == "SYRIAN_GOV"


def test_no_substitution_when_disabled_or_nothing_to_swap():
    report = make_report()
    assert augment_reports([report], probability=0.0, seed=1) == []
    assert augment_reports([report], loc=False, actor=False, count=False, probability=1.0, seed=1) == []


@pytest.mark.parametrize("mention", ["43 عنصراً", "نحو ٣ آلاف عائلة", "خمسة مدنيين"])
def test_numbers_are_rewritten_in_the_same_band(mention):
    rng = random.Random(0)
    for _ in range(20):
        new = rewrite_number(mention, rng)
        assert new is not None and new.split()[-1] == mention.split()[-1]  # the counted noun stays
    assert rewrite_number("العشرات", rng) is None


def test_strict_and_partial_scores():
    gold = [["O", "B-LOC", "I-LOC", "O", "B-ACTOR", "O", "B-COUNT", "I-COUNT"]]
    pred = [["O", "B-LOC", "O", "O", "B-ACTOR", "O", "B-COUNT", "I-COUNT"]]
    scores = entity_scores(gold, pred)
    strict, partial = scores["strict"], scores["partial"]
    assert strict["per_label"]["ACTOR"]["f1"] == 1.0 and strict["per_label"]["LOC"]["f1"] == 0.0
    assert strict["micro"]["f1"] == pytest.approx(2 / 3, abs=1e-3) and strict["micro"]["support"] == 3
    assert partial["per_label"]["LOC"]["f1"] == 0.5 and partial["micro"]["f1"] == pytest.approx(2.5 / 3, abs=1e-3)


def test_orphan_inside_tag_is_not_an_entity_in_strict_mode():
    scores = entity_scores([["B-LOC", "O"]], [["I-LOC", "O"]])
    assert scores["strict"]["micro"]["f1"] == 0.0
