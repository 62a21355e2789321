"""Event layer rules added with the v1.1 corpus: scope periods, fates, owners, breakdowns by group."""

import pytest
from event_helpers import facts, run

from marsad.model.assemble import assemble


# --- scope -------------------------------------------------------------------------------------------
def test_a_superlative_since_is_a_comparison_not_a_running_total():
    doc = run("نزح <COUNT>مئات العائلات</COUNT> من الحي هرباً من القصف الأعنف منذ بدء العملية.")
    assert doc.counts[0].scope == "new"
    doc = run("قتل <COUNT>جندي</COUNT> تركي في أول خسارة بشرية لـ<ACTOR>القوات التركية</ACTOR> منذ بدء العملية.")
    assert doc.counts[0].scope == "new"


def test_since_the_attack_that_began_today_is_this_report():
    doc = run("بدأت <ACTOR>هيئة تحرير الشام</ACTOR> فجر اليوم هجوماً واسعاً على مواقع <ACTOR>قوات النظام</ACTOR>.\n"
              "ووثق المرصد السوري مقتل <COUNT>26 عنصراً</COUNT> من <ACTOR>قوات النظام</ACTOR> منذ بدء الهجوم.")
    assert facts(doc) == [(26, "killed", "SYRIAN_GOV", "new", None)]
    doc = run("ووثق المرصد السوري مقتل <COUNT>26 عنصراً</COUNT> من <ACTOR>قوات النظام</ACTOR> منذ بدء الهجوم.")
    assert doc.counts[0].scope == "cumulative"


def test_the_toll_of_an_operation_that_lasted_days_is_cumulative():
    doc = run("وأنهى الاتفاق عملية عسكرية استمرت 33 يوماً، وثق المرصد السوري خلالها مقتل <COUNT>227</COUNT> من "
              "عناصر <ACTOR>قوات النظام</ACTOR>.")
    assert facts(doc) == [(227, "killed", "SYRIAN_GOV", "cumulative", None)]


def test_an_update_that_sums_the_counts_before_it_includes_them():
    # the day's toll is new (guidelines 3b) and the counts it sums up are in it: 44 deaths, not 88
    doc = run("استشهد <COUNT>38 مواطناً</COUNT> بغارات على السوق صباح اليوم، كما استشهد <COUNT>6 مواطنين</COUNT> "
              "بقصف على كفرنبل، ليرتفع إلى <COUNT>44</COUNT> عدد المدنيين الذين استشهدوا اليوم.")
    assert [(c.scope, c.part_of) for c in doc.counts] == [("new", 2), ("new", 2), ("new", None)]
    assert doc.fatalities.total == 44
    # a sum over a longer period is a running total
    doc = run("استشهد <COUNT>38 مواطناً</COUNT> بغارات على السوق، كما استشهد <COUNT>6 مواطنين</COUNT> بقصف على "
              "كفرنبل، ليرتفع إلى <COUNT>61</COUNT> عدد المدنيين الذين استشهدوا في ريف إدلب.")
    assert [c.scope for c in doc.counts] == ["new", "new", "cumulative"]
    assert doc.fatalities.total == 44


def test_items_added_to_a_running_total_share_its_scope():
    doc = run("ووثق المرصد منذ بدء الهجوم مقتل <COUNT>71 عنصراً</COUNT> من <ACTOR>قوات النظام</ACTOR>، بينهم "
              "<COUNT>9</COUNT> فجروا أنفسهم بعربات مفخخة، إضافة إلى <COUNT>18 مدنياً</COUNT> قضوا بالقصف.")
    assert [c.scope for c in doc.counts] == ["cumulative"] * 3
    doc = run("قتل <COUNT>8 مقاتلين</COUNT> من <ACTOR>قسد</ACTOR> منذ بدء العملية، فيما أسر <ACTOR>التنظيم</ACTOR> "
              "<COUNT>5 عناصر</COUNT>، في حين قضى <COUNT>26 عنصراً</COUNT> من <ACTOR>التنظيم</ACTOR> في الاشتباكات.")
    assert [c.scope for c in doc.counts] == ["cumulative", "new", "new"]


# --- category ----------------------------------------------------------------------------------------
def test_fa_qad_is_a_particle_not_a_loss():
    doc = run("فقد ارتفع إلى <COUNT>أكثر من 450</COUNT> عدد الذين اعتقلتهم الأجهزة الأمنية منذ مطلع العام.")
    assert facts(doc) == [(450, "captured", "UNKNOWN", "cumulative", None)]
    doc = run("فقد الاتصال ب<COUNT>عنصرين</COUNT> آخرين.")
    assert doc.counts[0].category == "missing"


def test_what_the_clause_says_the_people_still_are():
    doc = run("في حين لا يزال <COUNT>أكثر من 400 شاب</COUNT> ممن خرجوا من الحي قبل أيام مجهولي المصير.")
    assert doc.counts[0].category == "missing"
    doc = run("علم المرصد أن <COUNT>عشرات المواطنين</COUNT> من سكان القرى لا يزالون محتجزين لدى الفصائل.")
    assert doc.counts[0].category == "captured"


def test_killed_and_injured_at_once_is_other():
    doc = run("سقط صاروخ ما أدى لمقتل وإصابة <COUNT>العشرات</COUNT> آنذاك.")
    assert doc.counts[0].category == "other"


def test_a_description_between_a_whole_and_its_breakdown_does_not_change_its_category():
    doc = run("تلاه تفجير استهدف المتجمعين لإسعاف الجرحى، وقتل <COUNT>83 شخصاً</COUNT>، وهم <COUNT>57 مدنياً</COUNT> "
              "و<COUNT>26</COUNT> من عناصر <ACTOR>الميليشيات الموالية لإيران</ACTOR>.")
    assert [c.category for c in doc.counts] == ["killed"] * 3


# --- victim ------------------------------------------------------------------------------------------
def test_members_of_the_actor_that_acts_belong_to_it():
    doc = run("أفرجت <ACTOR>الهيئة</ACTOR> عن <COUNT>6</COUNT> من عناصرها الموقوفين، بينما خسر "
              "<ACTOR>التنظيم</ACTOR> <COUNT>23 عنصراً</COUNT> من عناصره.")
    assert [c.victim for c in doc.counts] == ["HTS", "IS"]


def test_a_vehicle_belongs_to_the_people_it_carried():
    doc = run("استهدفت <ACTOR>طائرة مسيرة إسرائيلية</ACTOR> <COUNT>سيارة</COUNT> مدنية على الطريق، ما أدى لمقتل "
              "<COUNT>عنصرين</COUNT> من <ACTOR>حزب الله</ACTOR> كانا بداخلها.")
    assert [c.victim for c in doc.counts] == ["HEZBOLLAH", "HEZBOLLAH"]
    doc = run("انفجرت عبوة ب<COUNT>حافلة</COUNT> تقل عناصر من <ACTOR>الفرقة الرابعة</ACTOR> قرب المدينة.")
    assert doc.counts[0].victim == "SYRIAN_GOV"


def test_an_explicit_owner_after_a_description():
    doc = run("أسقطت <ACTOR>القوات التركية</ACTOR> <COUNT>طائرة</COUNT> حربية تابعة ل<ACTOR>قوات النظام</ACTOR>، "
              "ودمرت <COUNT>دبابتين</COUNT> و<COUNT>3 آليات</COUNT> لها.")
    assert [c.victim for c in doc.counts] == ["SYRIAN_GOV"] * 3
    assert [c.unit for c in doc.counts] == ["equipment", "vehicle", "vehicle"]


def test_more_of_the_same_people_keep_their_side():
    doc = run("ارتفع إلى <COUNT>34</COUNT> عدد جنود <ACTOR>الجيش التركي</ACTOR> الذين قتلوا جراء الاستهداف، فيما أصيب "
              "<COUNT>أكثر من 30 جندياً</COUNT> آخرين بجراح.")
    assert [c.victim for c in doc.counts] == ["TURKEY", "TURKEY"]


def test_a_count_with_a_group_of_its_own_does_not_inherit_the_side_before_it():
    doc = run("قتل <COUNT>7 عناصر</COUNT> من <ACTOR>قسد</ACTOR> و<COUNT>9</COUNT> من مسلحي العشائر.")
    assert [c.victim for c in doc.counts] == ["SDF", "UNKNOWN"]


# --- breakdowns --------------------------------------------------------------------------------------
def test_a_whole_broken_down_twice_by_age_and_by_place():
    doc = run("استشهد <COUNT>106 مدنيين</COUNT>، بينهم <COUNT>19 طفلاً</COUNT> و<COUNT>14 مواطنة</COUNT>، هم "
              "<COUNT>60</COUNT> في حمورية، و<COUNT>40</COUNT> في سقبا، و<COUNT>6</COUNT> في دوما.")
    assert [c.part_of for c in doc.counts] == [None, 0, 0, 0, 0, 0]
    assert doc.fatalities.total == 106


def test_among_them_after_a_list_item_breaks_down_that_item():
    # GUIDELINES 4.1: a breakdown points to its direct whole, the count right before `بينهم`
    doc = run("قضى <COUNT>12 شخصاً</COUNT> بالغارة، هم <COUNT>8</COUNT> من عناصر <ACTOR>حزب الله</ACTOR> و<COUNT>4 مدنيين</COUNT> "
              "بينهم <COUNT>مزارع</COUNT>.")
    assert [c.part_of for c in doc.counts] == [None, 0, 0, 2]
    assert doc.fatalities.by_victim == {"HEZBOLLAH": 8, "CIVILIANS": 4}


def test_a_group_named_by_its_fate_is_a_breakdown_of_its_count():
    doc = run("اختطف عناصر من <ACTOR>التنظيم</ACTOR> <COUNT>نحو 25 مواطناً</COUNT> من جامعي الكمأة.\n"
              "وأفرج <ACTOR>التنظيم</ACTOR> في وقت لاحق عن <COUNT>9</COUNT> من المختطفين، فيما لا يزال مصير "
              "<COUNT>16</COUNT> آخرين مجهولاً.")
    assert facts(doc) == [(25, "captured", "CIVILIANS", "new", None), (9, "other", "CIVILIANS", "new", 0),
                          (16, "missing", "CIVILIANS", "new", 0)]


def test_civilians_added_to_a_count_of_one_sides_fighters_are_not_its_breakdown():
    doc = run("وبذلك يرتفع إلى <COUNT>127</COUNT> عدد من قتلوا من عناصر <ACTOR>قوات النظام</ACTOR> منذ مطلع العام، "
              "بينهم <COUNT>31</COUNT> من عناصر <ACTOR>الدفاع الوطني</ACTOR>، إضافة إلى <COUNT>18 مدنياً</COUNT>.")
    assert [c.part_of for c in doc.counts] == [None, 0, None]


# --- victim rules (GUIDELINES 4.1) in forms the corpus does not use ------------------------------------
def victims(markup):
    return [c.victim for c in run(markup).counts]


def test_rule1_the_side_may_come_between_the_verb_and_the_count():
    assert victims("قتل من <ACTOR>قسد</ACTOR> <COUNT>6 مقاتلين</COUNT> في الهجوم على القرية.") == ["SDF"]
    assert victims("أصيب من عناصر <ACTOR>قوات النظام</ACTOR> <COUNT>3</COUNT> بجراح طفيفة.") == ["SYRIAN_GOV"]
    # an actor named before the verb is its subject, not the count's side
    assert victims("أسرت <ACTOR>قسد</ACTOR> <COUNT>3 عناصر</COUNT> من <ACTOR>داعش</ACTOR> وقتلت <COUNT>اثنين</COUNT> "
                   "آخرين.") == ["IS", "IS"]


def test_rule1_with_a_time_phrase_and_another_verb():
    assert victims("سقط، مساء أمس، <COUNT>4 مقاتلين</COUNT> من <ACTOR>هيئة تحرير الشام</ACTOR> بين قتيل وجريح.") == ["HTS"]
    assert victims("فارق <COUNT>عنصر</COUNT> من <ACTOR>قوات الدفاع الوطني</ACTOR> الحياة متأثراً بجراحه.") == ["NDF"]


def test_rule2_membership_told_by_a_verb_or_an_owner():
    assert victims("اعتقلت الشرطة <COUNT>عنصرين</COUNT> يتبعان ل<ACTOR>حزب الله</ACTOR> قرب الحدود.") == ["HEZBOLLAH"]
    assert victims("أسرت <ACTOR>قسد</ACTOR> <COUNT>5 مسلحين</COUNT> ينتمون إلى <ACTOR>داعش</ACTOR>.") == ["IS"]
    assert victims("جرى استهداف <COUNT>3 آليات</COUNT> عسكرية تعود ملكيتها ل<ACTOR>القوات التركية</ACTOR>.") == ["TURKEY"]
    assert victims("أسقطت <ACTOR>قسد</ACTOR> <COUNT>طائرة</COUNT> مسيرة تركية فوق القرية.") == ["TURKEY"]
    # a place the people fled to is no owner
    assert victims("فر <COUNT>5 عناصر</COUNT> إلى <ACTOR>قسد</ACTOR> ليلاً.") == ["UNKNOWN"]


def test_rule3_civilian_nouns_whoever_attacks():
    assert victims("فقد <COUNT>3 صيادين</COUNT> حياتهم برصاص <ACTOR>قوات النظام</ACTOR> على ضفة النهر.") == ["CIVILIANS"]
    assert victims("أعدمت <ACTOR>خلايا داعش</ACTOR> <COUNT>راعيين</COUNT> في البادية.") == ["CIVILIANS"]


def test_rule4_a_breakdown_inherits_its_whole():
    doc = run("خسرت <ACTOR>قوات النظام</ACTOR> <COUNT>9 عناصر</COUNT> هم <COUNT>ضابطان</COUNT> و<COUNT>7</COUNT> آخرون.")
    assert [(c.victim, c.part_of) for c in doc.counts] == [("SYRIAN_GOV", None), ("SYRIAN_GOV", 0), ("SYRIAN_GOV", 0)]


def test_rule5_the_side_the_sentence_means_never_the_attacker():
    assert victims("وفي خسائر <ACTOR>قوات النظام</ACTOR>، قتل <COUNT>4 عناصر</COUNT> خلال الاشتباكات.") == ["SYRIAN_GOV"]
    assert victims("هاجمت <ACTOR>خلايا التنظيم</ACTOR> موقعاً ل<ACTOR>قسد</ACTOR> في البادية، ما أسفر عن مقتل "
                   "<COUNT>3 مقاتلين</COUNT>.") == ["SDF"]
    assert victims("قتل <COUNT>5 عناصر</COUNT> من <ACTOR>قوات النظام</ACTOR> بقصف نفذته <ACTOR>الفصائل</ACTOR>.") == [
        "SYRIAN_GOV"]
    assert victims("نفذت <ACTOR>طائرات التحالف</ACTOR> غارة أدت لمقتل <COUNT>4 مسلحين</COUNT>.") == ["UNKNOWN"]
    assert victims("قتل <COUNT>9 مقاتلين</COUNT> في اشتباكات عنيفة بين <ACTOR>قسد</ACTOR> و<ACTOR>التنظيم</ACTOR>.") == [
        "UNKNOWN"]
    # a sponsor of a deal is no side either: the fighters are the ones the deal let go
    assert victims("خرج عناصر <ACTOR>التنظيم</ACTOR> بموجب اتفاق برعاية <ACTOR>التحالف الدولي</ACTOR>، واعتقلت "
                   "<ACTOR>قسد</ACTOR> <COUNT>20 عنصراً</COUNT> منهم.") == ["IS"]


# --- coreference: pronouns, `منهم`, headings (fresh sentences) -----------------------------------------
def test_min_hum_points_back_to_the_nearest_group_not_to_an_earlier_count():
    doc = run("أسرت <ACTOR>الهيئة</ACTOR> <COUNT>12 عنصراً</COUNT> من <ACTOR>قوات النظام</ACTOR>، في حين استهدفت "
              "طائرة مسيرة تجمعاً لمقاتلي <ACTOR>الفصائل</ACTOR> قرب الطريق، ما أدى لمقتل <COUNT>4</COUNT> منهم.")
    assert facts(doc)[1] == (4, "killed", "OPPOSITION", "new", None)
    doc = run("داهمت <ACTOR>قوات النظام</ACTOR> منازل في الحي واعتقلت عدداً من الشبان، وأفرجت لاحقاً عن "
              "<COUNT>6</COUNT> منهم.")
    assert facts(doc) == [(6, "other", "CIVILIANS", "new", None)]
    # the count right before it, in the same development, stays its whole
    doc = run("قتل <COUNT>15 عنصراً</COUNT> من <ACTOR>قسد</ACTOR> في الهجوم، وقضى <COUNT>9</COUNT> منهم بانفجار لغم.")
    assert facts(doc)[1] == (9, "killed", "SDF", "new", 0)


def test_a_pronoun_owner_agrees_in_gender():
    doc = run("شن <ACTOR>التنظيم</ACTOR> هجوماً على نقاط <ACTOR>قسد</ACTOR>، وقتل خلال الهجوم <COUNT>7</COUNT> "
              "من عناصرها.")
    assert doc.counts[0].victim == "SDF"
    doc = run("هاجمت <ACTOR>قسد</ACTOR> مواقع <ACTOR>التنظيم</ACTOR> في البادية، وقتل <COUNT>5</COUNT> من عناصره.")
    assert doc.counts[0].victim == "IS"


def test_a_pronoun_owner_in_the_sentence_before():
    doc = run("شنت <ACTOR>الفصائل</ACTOR> هجوماً معاكساً على محور القرية. وقضى خلال الهجوم <COUNT>11</COUNT> "
              "من مقاتليها.")
    assert doc.counts[0].victim == "OPPOSITION"


def test_the_elided_subject_of_a_loss_verb_is_the_side_that_acted():
    doc = run("هاجمت <ACTOR>هيئة تحرير الشام</ACTOR> نقاط <ACTOR>قوات النظام</ACTOR> في الريف، وخسرت في الهجوم "
              "<COUNT>8</COUNT> من مقاتليها.")
    assert facts(doc) == [(8, "killed", "HTS", "new", None)]


def test_a_topic_with_the_particle_fa_qad_is_the_side():
    doc = run("أما <ACTOR>قوات النظام</ACTOR> فقد خسرت <COUNT>13 عنصراً</COUNT> خلال المعارك.")
    assert facts(doc) == [(13, "killed", "SYRIAN_GOV", "new", None)]


def test_a_losses_heading_on_the_line_before_names_the_side():
    doc = run("خسائر <ACTOR>قوات النظام</ACTOR>:\nقتل <COUNT>9 عناصر</COUNT> وأصيب <COUNT>14</COUNT> آخرون.")
    assert [(c.category, c.victim) for c in doc.counts] == [("killed", "SYRIAN_GOV"), ("injured", "SYRIAN_GOV")]
    # a sentence that ended with a full stop is no heading
    doc = run("تقدمت <ACTOR>قوات النظام</ACTOR> في الريف.\nقتل <COUNT>9 عناصر</COUNT> في الاشتباكات.")
    assert doc.counts[0].victim == "UNKNOWN"


def test_people_in_arrests_are_civilians_only_by_a_civilian_noun():
    doc = run("اعتقلت <ACTOR>قوات النظام</ACTOR> <COUNT>خمسة أشخاص</COUNT> على حاجز قرب المدينة.")
    assert facts(doc) == [(5, "captured", "UNKNOWN", "new", None)]
    doc = run("احتجزت <ACTOR>هيئة تحرير الشام</ACTOR> <COUNT>4 أشخاص</COUNT> من أهالي القرية.")
    assert facts(doc) == [(4, "captured", "CIVILIANS", "new", None)]
    doc = run("اعتقلت <ACTOR>قسد</ACTOR> <COUNT>3 أشخاص</COUNT> من <ACTOR>خلايا التنظيم</ACTOR> في الريف.")
    assert facts(doc) == [(3, "captured", "IS", "new", None)]


# --- category: other verbs (fresh sentences) ---------------------------------------------------------
@pytest.mark.parametrize(("markup", "category"), [
    ("لقي <COUNT>راعيان</COUNT> حتفهما بانفجار لغم في البادية.", "killed"),
    ("فارقت <COUNT>امرأة</COUNT> الحياة متأثرة بجراحها.", "killed"),
    ("سقط <COUNT>عنصر</COUNT> من <ACTOR>قسد</ACTOR> قتيلاً برصاص قناص.", "killed"),
    ("أصيب <COUNT>ثلاثة أطفال</COUNT> بجروح طفيفة.", "injured"),
    ("نقل <COUNT>مدنيان</COUNT> مصابان إلى المشفى.", "injured"),
    ("وقع <COUNT>عنصران</COUNT> من <ACTOR>قوات النظام</ACTOR> في الأسر.", "captured"),
    ("وقع <COUNT>4 جنود</COUNT> في قبضة <ACTOR>الفصائل</ACTOR> بعد الكمين.", "captured"),
    ("اقتادت دورية <COUNT>ستة شبان</COUNT> إلى جهة مجهولة.", "captured"),
    ("احتجزت <ACTOR>قسد</ACTOR> <COUNT>عدة أشخاص</COUNT> على حاجز.", "captured"),
    ("عثر الأهالي على <COUNT>جثتي شابين</COUNT> قرب الطريق.", "killed"),
])
def test_category_from_other_verbs(markup, category):
    assert run(markup).counts[0].category == category


# --- dates -------------------------------------------------------------------------------------------
def test_a_relative_date_before_the_first_calendar_day_gives_no_date():
    assert assemble("أمس", [], date="0001-01-01").events == []
    doc = run("قتل <COUNT>3 مدنيين</COUNT> أمس بقصف على القرية.", date="0001-01-01")
    assert [e.date for e in doc.events] == [None]
    doc = run("قتل <COUNT>3 مدنيين</COUNT> يوم الأحد بقصف على القرية.", date="0001-01-01")  # a Monday
    assert [e.date for e in doc.events] == [None]
    doc = run("قتل <COUNT>3 مدنيين</COUNT> أمس بقصف على القرية.", date="0001-01-02")
    assert [e.date for e in doc.events] == ["0001-01-01"]
