"""Event layer rules on small reports: categories, victims, scope, breakdowns, fatalities, events, dates."""

import re

from event_helpers import facts, run

from marsad.model.assemble import assemble
from marsad.model.dates import resolve_date
from marsad.model.schema import Document


def test_category_from_verbs_nouns_and_lists():
    doc = run("أسفر القصف عن مقتل <COUNT>3 مدنيين</COUNT> وإصابة <COUNT>5 آخرين</COUNT>، واعتقال <COUNT>عنصرين</COUNT> "
              "من <ACTOR>قسد</ACTOR>، ونزوح <COUNT>مئات العائلات</COUNT>، وتدمير <COUNT>4 منازل</COUNT>.")
    assert facts(doc) == [(3, "killed", "CIVILIANS", "new", None), (5, "injured", "CIVILIANS", "new", None),
                          (2, "captured", "SDF", "new", None), (100, "displaced", "CIVILIANS", "new", None),
                          (4, "destroyed", "CIVILIANS", "new", None)]
    assert [c.unit for c in doc.counts] == ["person", "person", "person", "family", "building"]


def test_victim_is_never_the_attacker():
    doc = run("قتل <COUNT>5 عناصر</COUNT> من <ACTOR>قوات النظام</ACTOR> بقصف من <ACTOR>الفصائل</ACTOR>، "
              "كما قتل <COUNT>عنصران</COUNT> بقصف من <ACTOR>قوات النظام</ACTOR>، وقتلت <ACTOR>طائرات التحالف</ACTOR> "
              "<COUNT>4 عناصر</COUNT> من <ACTOR>التنظيم</ACTOR>.")
    assert [c.victim for c in doc.counts] == ["SYRIAN_GOV", "UNKNOWN", "IS"]


def test_fighters_of_two_sides_in_a_clash_stay_unknown():
    doc = run("دارت اشتباكات بين <ACTOR>قسد</ACTOR> و<ACTOR>التنظيم</ACTOR> أسفرت عن مقتل <COUNT>6 مقاتلين</COUNT>.")
    assert doc.counts[0].victim == "UNKNOWN"


def test_breakdowns_and_running_totals():
    doc = run("قتل <COUNT>7 مدنيين</COUNT> بينهم <COUNT>3 أطفال</COUNT> و<COUNT>امرأتان</COUNT> بغارات، "
              "وبذلك يرتفع إلى <COUNT>120</COUNT> عدد المدنيين الذين قتلوا منذ مطلع العام.")
    assert facts(doc) == [(7, "killed", "CIVILIANS", "new", None), (3, "killed", "CIVILIANS", "new", 0),
                          (2, "killed", "CIVILIANS", "new", 0), (120, "killed", "CIVILIANS", "cumulative", None)]
    assert doc.fatalities.by_victim == {"CIVILIANS": 7} and doc.fatalities.total == 7


def test_a_whole_of_unknown_victims_passes_deaths_to_named_breakdowns():
    doc = run("قتل <COUNT>10 أشخاص</COUNT>، هم <COUNT>6</COUNT> من <ACTOR>حزب الله</ACTOR>، و<COUNT>4 مدنيين</COUNT>.")
    assert [c.part_of for c in doc.counts] == [None, 0, 0]
    assert doc.fatalities.by_victim == {"HEZBOLLAH": 6, "CIVILIANS": 4}


def test_a_one_incident_toll_update_is_new_not_cumulative():
    doc = run("ارتفع إلى <COUNT>42</COUNT> عدد الذين قتلوا جراء انفجار صهريج مفخخ ظهر اليوم.")
    assert facts(doc) == [(42, "killed", "UNKNOWN", "new", None)]


def test_events_have_acled_types_actors_places_and_fatalities():
    doc = run("محافظة <LOC>إدلب</LOC> – المرصد السوري:: قتل <COUNT>4 مدنيين</COUNT> جراء غارات نفذتها "
              "<ACTOR>الطائرات الروسية</ACTOR> على بلدة <LOC>سراقب</LOC> أمس، فيما دارت اشتباكات بين "
              "<ACTOR>هيئة تحرير الشام</ACTOR> و<ACTOR>قوات النظام</ACTOR> على محور <LOC>كفرنبل</LOC>، "
              "كما اعتقلت <ACTOR>الهيئة</ACTOR> <COUNT>3 أشخاص</COUNT>، وانفجرت عبوة ناسفة بسيارة في <LOC>بنش</LOC>.")
    kinds = [(e.event_type, e.sub_event_type) for e in doc.events]
    assert kinds == [("Explosions/Remote violence", "Air/drone strike"), ("Battles", "Armed clash"),
                     ("Strategic developments", "Arrests"), ("Explosions/Remote violence", "Remote explosive/landmine/IED")]
    air, clash, arrest, ied = doc.events
    assert (air.actor1, air.actor2, air.fatalities, air.date) == ("RUSSIA", "CIVILIANS", 4, "2020-05-09")
    assert doc.locations[air.location].text == "سراقب"
    assert {clash.actor1, clash.actor2} == {"HTS", "SYRIAN_GOV"} and doc.locations[clash.location].text == "كفرنبل"
    assert arrest.actor1 == "HTS" and arrest.counts == [1]
    assert doc.locations[ied.location].text == "بنش" and ied.fatalities == 0


def test_relative_dates():
    assert resolve_date("2018-10-28", "قتل 8 خلال يوم أمس") == "2018-10-27"
    assert resolve_date("2018-10-28", "قتلوا أمس الأول") == "2018-10-26"
    assert resolve_date("2018-10-28", "منذ ما بعد منتصف ليل الجمعة – السبت") == "2018-10-27"
    assert resolve_date("2018-10-28", "قصف يوم الخميس") == "2018-10-25"
    assert resolve_date("2018-10-28", "في الـ 10 من شهر أيلول") == "2018-09-10"
    assert resolve_date("2018-10-28", "منذ الـ 10 من شهر أيلول") == "2018-10-28"  # a period's start
    assert resolve_date(None, "أمس") is None


def test_documents_built_without_validation_equal_validated_ones():
    doc = run("قتل <COUNT>43 عنصراً</COUNT> من <ACTOR>داعش</ACTOR> في <LOC>الباغوز</LOC> أمس.")
    record = doc.model_dump()
    assert Document.model_validate(record).model_dump() == record
    assert Document.model_validate_json(doc.model_dump_json()).model_dump() == record
    assert re.search(r'"by_victim":\{"IS":43\}', doc.model_dump_json())


def test_entities_may_be_dicts_objects_or_iob_labelled_and_out_of_order():
    text = "قتل 3 مدنيين في حلب"

    class Span:
        def __init__(self, label, start, end):
            self.label, self.start, self.end, self.score = label, start, end, 0.9

    doc = assemble(text, [Span("LOC", 16, 19), {"label": "B-COUNT", "start": 4, "end": 12, "score": 0.8}])
    assert [(e.label, e.text, e.score) for e in doc.entities] == [("COUNT", "3 مدنيين", 0.8), ("LOC", "حلب", 0.9)]
    assert doc.counts[0].victim == "CIVILIANS" and doc.locations[0].admin1.pcode == "SY02"
