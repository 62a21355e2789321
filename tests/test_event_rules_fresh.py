"""Event layer rules found on reports the rules had never seen (batches 5 and 6 before tuning):
nationality plurals, running totals that name their people, idioms of dying, captives, doers of a
destroying noun, list items and monthly tallies."""

from event_helpers import facts, run


# --- victim --------------------------------------------------------------------------------------
def test_plural_and_dual_nationality_adjectives_name_the_side():
    doc = run("قتل <COUNT>جنديان</COUNT> تركيان وأصيب <COUNT>3 ضباط</COUNT> روس بقصف على النقطة.")
    assert [c.victim for c in doc.counts] == ["TURKEY", "RUSSIA"]
    doc = run("قضى <COUNT>4 جنود</COUNT> أتراك في الهجوم.")
    assert doc.counts[0].victim == "TURKEY"


def test_a_running_total_names_its_people_after_the_number():
    doc = run("ليرتفع إلى <COUNT>61</COUNT> عدد الجنود الأتراك الذين قتلوا منذ بدء العملية.")
    assert facts(doc) == [(61, "killed", "TURKEY", "cumulative", None)]
    doc = run("فيما ارتفع إلى <COUNT>312</COUNT> عدد من لقوا حتفهم من مقاتلي <ACTOR>قسد</ACTOR> خلال الفترة ذاتها.")
    assert facts(doc) == [(312, "killed", "SDF", "cumulative", None)]


def test_prisoners_of_an_actor_are_that_actor_and_captives_of_an_actor_are_the_other_side():
    doc = run("وأعادت <ACTOR>قسد</ACTOR> القبض على <COUNT>نحو 40</COUNT> من سجناء <ACTOR>التنظيم</ACTOR> الفارين.")
    assert doc.counts[0].victim == "IS"
    doc = run("وأعدم <ACTOR>التنظيم</ACTOR> <COUNT>5</COUNT> من أسراه من عناصر <ACTOR>قوات النظام</ACTOR> في البادية.")
    assert facts(doc) == [(5, "killed", "SYRIAN_GOV", "new", None)]


def test_membership_told_by_a_verb_or_with_a_former_and_a_nationality_in_between():
    doc = run("قتل <COUNT>شخصان</COUNT> يعملان في صفوف <ACTOR>حزب الله</ACTOR> بضربة على سيارتهما.")
    assert doc.counts[0].victim == "HEZBOLLAH"
    doc = run("قتل <COUNT>عنصر</COUNT> سابق في <ACTOR>فصائل المعارضة</ACTOR> برصاص مجهولين.")
    assert doc.counts[0].victim == "OPPOSITION"
    doc = run("قضى <COUNT>12</COUNT> من الجنسية الباكستانية من زوار المقام بالانفجار.")
    assert doc.counts[0].victim == "CIVILIANS"


def test_refugees_camp_residents_and_relief_volunteers_are_civilians():
    doc = run("عثر على جثة <COUNT>لاجئة</COUNT> في المخيم، وأصيب <COUNT>3</COUNT> من متطوعي الهلال الأحمر.")
    assert [c.victim for c in doc.counts] == ["CIVILIANS", "CIVILIANS"]


def test_the_doer_of_a_destroying_noun_is_not_the_owner():
    doc = run("وأعلنت <ACTOR>هيئة تحرير الشام</ACTOR> تدمير <COUNT>دبابة</COUNT> على محور القتال.")
    assert doc.counts[0].victim != "HTS"
    # a noun joined by و goes on the list of the losses of the actor before it
    doc = run("ما أدى لمقتل <COUNT>5 عناصر</COUNT> من <ACTOR>قوات النظام</ACTOR> وإعطاب <COUNT>عربة</COUNT> لها.")
    assert doc.counts[1].victim == "SYRIAN_GOV"


def test_others_after_things_are_more_of_the_people_before_them():
    doc = run("قتل مسلحون <COUNT>7 مدنيين</COUNT> وأحرقوا <COUNT>3 سيارات</COUNT> لهم، كما اختطفوا <COUNT>4</COUNT> آخرين.")
    assert doc.counts[2].victim == "CIVILIANS"


# --- category ------------------------------------------------------------------------------------
def test_losing_ones_life_is_dying_not_going_missing():
    doc = run("ليرتفع إلى <COUNT>52</COUNT> عدد المدنيين الذين فقدوا حياتهم منذ مطلع الشهر.")
    assert facts(doc) == [(52, "killed", "CIVILIANS", "cumulative", None)]


def test_a_death_idiom_closes_its_clause_before_the_next_verb():
    doc = run("لقي <COUNT>ثلاثة</COUNT> من الرعاة حتفهم، وأصيب <COUNT>2</COUNT> آخران بانفجار لغم.")
    assert [c.category for c in doc.counts] == ["killed", "injured"]


def test_evacuation_and_survival():
    doc = run("تمكنت فرق الإغاثة من إخراج <COUNT>350 مدنياً</COUNT> من الأحياء المحاصرة.")
    assert doc.counts[0].category == "displaced"
    doc = run("ونجا <COUNT>قيادي</COUNT> من محاولة اغتيال.")
    assert doc.counts[0].category == "other"


def test_a_breakdown_reads_only_its_own_list_item():
    doc = run("بلغ عدد القتلى منذ مطلع العام <COUNT>30</COUNT>، وهم: <COUNT>12</COUNT> من المقاتلين السابقين ممن "
              "انضموا إلى الأجهزة الأمنية بعد التسوية، و<COUNT>18</COUNT> من <ACTOR>قوات النظام</ACTOR>.")
    assert [c.category for c in doc.counts] == ["killed"] * 3
    doc = run("اختطف <COUNT>20 مدنياً</COUNT> منذ مطلع العام، أفرج عن <COUNT>12</COUNT> منهم، بينما لا يزال مصير "
              "<COUNT>8</COUNT> منهم مجهولاً.")
    assert [c.category for c in doc.counts] == ["captured", "other", "missing"]


# --- scope ---------------------------------------------------------------------------------------
def test_a_monthly_tally_and_the_same_month_are_running_totals():
    doc = run("وثق المرصد اعتقال <COUNT>19 مواطناً</COUNT> خلال الشهر، أفرج عن <COUNT>6</COUNT> منهم.")
    assert doc.counts[0].scope == "cumulative"
    doc = run("ونجا <COUNT>5</COUNT> من محاولات اغتيال خلال الشهر ذاته.")
    assert doc.counts[0].scope == "cumulative"
    doc = run("قتل <COUNT>عنصر</COUNT> من <ACTOR>قوات النظام</ACTOR> خلال الشهر الماضي بكمين.")
    assert doc.counts[0].scope == "cumulative"
    doc = run("قتل <COUNT>عنصر</COUNT> من <ACTOR>قوات النظام</ACTOR> بكمين اليوم.")
    assert doc.counts[0].scope == "new"


def test_civilians_who_flee_are_displaced_and_detainees_who_flee_are_not():
    doc = run("وفرّ <COUNT>نحو 40 ألف مواطن</COUNT> من القرى نحو البادية.")
    assert doc.counts[0].category == "displaced"
    doc = run("وفر <COUNT>نحو 300 شخص</COUNT> من المحتجزين في السجن.")
    assert doc.counts[0].category == "other"


def test_a_verb_with_a_pronoun_after_it_is_the_breakdowns_own():
    doc = run("اعتقلت الأجهزة الأمنية <COUNT>40 مواطناً</COUNT>، منهم <COUNT>سبعة</COUNT> أفرج عنهم بعد ساعات.")
    assert [c.category for c in doc.counts] == ["captured", "other"]


def test_a_coreference_word_prefers_an_earlier_mention_with_the_same_word():
    doc = run("قصفت طائرات مواقع لـ<ACTOR>الميليشيات الإيرانية</ACTOR> و<ACTOR>حزب الله</ACTOR>، ما أدى لمقتل "
              "<COUNT>4</COUNT> من عناصر <ACTOR>الميليشيات</ACTOR>.")
    assert doc.counts[0].victim == "IRAN_MILITIAS"


def test_things_belonging_to_it_point_back_to_the_actor():
    doc = run("أسر مقاتلو العشائر <COUNT>خمسة</COUNT> من عناصر <ACTOR>قسد</ACTOR>، وأحرقوا <COUNT>عربتين</COUNT> "
              "عسكريتين تابعتين لها، في حين اعتقلت <ACTOR>قسد</ACTOR> <COUNT>20 مدنياً</COUNT>.")
    assert doc.counts[1].victim == "SDF"


def test_peers_of_the_people_before_are_the_same_side():
    doc = run("أسفر الهجوم عن مقتل <COUNT>جنديين</COUNT> أمريكيين وإصابة <COUNT>العشرات</COUNT> من زملائهم.")
    assert [c.victim for c in doc.counts] == ["COALITION", "COALITION"]


def test_a_toll_that_names_nothing_else_is_of_the_dead():
    doc = run("ارتفعت حصيلة الغارات التي استهدفت صباح اليوم مبنى سكنياً وسط المدينة إلى <COUNT>14 شخصاً</COUNT>.")
    assert doc.counts[0].category == "killed"
    doc = run("ارتفعت حصيلة الجرحى جراء الغارات التي استهدفت صباح اليوم السوق إلى <COUNT>30 شخصاً</COUNT>.")
    assert doc.counts[0].category == "injured"


def test_a_named_month_opens_a_tally_and_midnight_is_today():
    doc = run("ووثق المرصد خلال شهر أيار الفائت 30 عملية اغتيال، أسفرت عن مقتل <COUNT>19 شخصاً</COUNT>.")
    assert doc.counts[0].scope == "cumulative"
    doc = run("قصفت المدفعية منذ منتصف الليل مواقع الفصائل، حيث قتل <COUNT>6</COUNT> من عناصر <ACTOR>الفصائل</ACTOR>.")
    assert doc.counts[0].scope == "new"


def test_during_an_attack_that_began_yesterday_is_not_a_long_period():
    doc = run("استعادت الفصائل السيطرة على البلدة بعد أسابيع من خسارتها، إثر هجوم بدأته يوم أمس، قتل خلاله "
              "<COUNT>12</COUNT> من عناصر <ACTOR>قوات النظام</ACTOR>.")
    assert doc.counts[0].scope == "new"


def test_a_whole_takes_the_verb_after_its_breakdowns():
    doc = run("وأفاد نشطاء بأن <COUNT>أربعة مدنيين</COUNT> بينهم <COUNT>سيدة</COUNT> و<COUNT>طفل</COUNT> قضوا جراء القصف.")
    assert [c.category for c in doc.counts] == ["killed"] * 3


def test_found_killed():
    doc = run("عثر الأهالي صباح اليوم على <COUNT>شاب</COUNT> مقتولاً بطلقات في الرأس.")
    assert facts(doc) == [(1, "killed", "CIVILIANS", "new", None)]


def test_a_total_of_two_sides_is_unknown_but_units_of_one_command_are_one_side():
    doc = run("وبذلك يرتفع إلى <COUNT>64</COUNT> عدد قتلى <ACTOR>قوات النظام</ACTOR> و<ACTOR>فصائل المصالحة</ACTOR> منذ بدء الهجوم.")
    assert doc.counts[0].victim == "UNKNOWN"
    doc = run("وارتفع إلى <COUNT>120</COUNT> عدد القتلى في صفوف <ACTOR>وحدات حماية الشعب</ACTOR> و<ACTOR>وحدات حماية المرأة</ACTOR>.")
    assert doc.counts[0].victim == "YPG"


def test_a_whole_whose_parts_are_all_civilians_and_add_up_is_of_civilians():
    doc = run("وبذلك يرتفع إلى <COUNT>20</COUNT> عدد الذين قتلوا في المخيم منذ مطلع العام، هم <COUNT>12 لاجئاً</COUNT> "
              "و<COUNT>8</COUNT> من النازحين.")
    assert doc.counts[0].victim == "CIVILIANS"
    doc = run("وبذلك يرتفع إلى <COUNT>20</COUNT> عدد الذين قتلوا في المنطقة منذ مطلع العام، هم <COUNT>12 مدنياً</COUNT> "
              "و<COUNT>8</COUNT> من عناصر <ACTOR>قوات النظام</ACTOR>.")
    assert doc.counts[0].victim == "UNKNOWN"


def test_a_total_that_named_its_fate_before_the_number():
    doc = run("ومع هذه الحادثة يصبح عدد المدنيين الذين فقدوا حياتهم بالألغام منذ مطلع العام <COUNT>90 مدنياً</COUNT>.")
    assert facts(doc) == [(90, "killed", "CIVILIANS", "cumulative", None)]
    doc = run("وتأتي الحملة بعد تصاعد الجرائم في المخيم، والتي بلغت حصيلتها منذ مطلع العام <COUNT>25 شخصاً</COUNT>.")
    assert doc.counts[0].category == "killed"


def test_people_pushed_into_flight():
    doc = run("ما تسبب بمقتل <COUNT>مدني</COUNT> وإصابة آخرين، بينما دفعت حدة القصف <COUNT>قرابة 900 عائلة</COUNT> "
              "إلى النزوح نحو المخيمات.")
    assert doc.counts[1].category == "displaced"
    doc = run("وبذلك يرتفع إلى <COUNT>700</COUNT> عدد المدنيين الذين تم إجلاؤهم من الأحياء المحاصرة.")
    assert doc.counts[0].category == "displaced"


def test_soldiers_after_a_foreign_armys_dead_are_its_soldiers():
    doc = run("ارتفع إلى <COUNT>12</COUNT> عدد عناصر <ACTOR>القوات التركية</ACTOR> الذين قتلوا بالغارة، فيما أصيب "
              "<COUNT>أكثر من 20 جندياً</COUNT> بجراح.")
    assert [c.victim for c in doc.counts] == ["TURKEY", "TURKEY"]


def test_the_wounded_of_a_running_total_are_the_same_people():
    doc = run("وبذلك يرتفع إلى <COUNT>150</COUNT> عدد الشهداء المدنيين منذ انهيار الهدنة، فيما ارتفع إلى "
              "<COUNT>أكثر من 400</COUNT> عدد الجرحى خلال الفترة ذاتها.")
    assert [c.victim for c in doc.counts] == ["CIVILIANS", "CIVILIANS"]


def test_civilian_victims_of_a_running_total():
    doc = run("وبذلك يرتفع إلى <COUNT>310</COUNT> عدد الضحايا المدنيين في المدينة منذ انطلاق الهجوم.")
    assert facts(doc) == [(310, "killed", "CIVILIANS", "cumulative", None)]


def test_lives_taken_and_field_executions():
    doc = run("وأودت الغارات بحياة <COUNT>12 عنصراً</COUNT> من <ACTOR>الميليشيات الموالية لإيران</ACTOR>.")
    assert facts(doc) == [(12, "killed", "IRAN_MILITIAS", "new", None)]
    doc = run("وحصدت الضربات أرواح <COUNT>9 عناصر</COUNT> من <ACTOR>حزب الله</ACTOR>.")
    assert doc.counts[0].category == "killed"
    doc = run("ووثق المرصد إعدامات ميدانية بحق <COUNT>40 شخصاً</COUNT> في المدينة.")
    assert doc.counts[0].category == "killed"


def test_the_flight_of_civilians_is_displacement():
    doc = run("ورصد المرصد فرار <COUNT>نحو 5 آلاف مدني</COUNT> من الأحياء الشرقية.")
    assert doc.counts[0].category == "displaced"


def test_a_headline_count_told_again_in_the_body_is_not_counted_twice():
    doc = run("انفجار سيارة مفخخة يحصد <COUNT>عشرات الأرواح</COUNT> في سوق المدينة\n\n"
              "محافظة حلب – المرصد السوري لحقوق الإنسان:: ارتفع إلى <COUNT>42</COUNT> عدد الذين قتلوا جراء انفجار "
              "سيارة مفخخة اليوم، هم <COUNT>36 مدنياً</COUNT> و<COUNT>6</COUNT> من عناصر <ACTOR>الفصائل</ACTOR>.")
    assert doc.counts[0].part_of == 1
    assert doc.fatalities.total == 42
    doc = run("نزوح <COUNT>أكثر من 20 ألف مدني</COUNT> من ريف المدينة\n\nمحافظة درعا – المرصد السوري لحقوق الإنسان:: "
              "رصد المرصد نزوح <COUNT>أكثر من 20 ألف مدني</COUNT> منذ انطلاق الهجوم.")
    assert [(c.scope, c.part_of) for c in doc.counts] == [("cumulative", 1), ("cumulative", None)]
