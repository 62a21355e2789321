"""Event layer rules found on batches 31-38 and then 39-42 (each set written after the rules were frozen,
scored once as unseen reports, then used to find these rules). Each test fails on the rules before them."""

from event_helpers import facts, run


# --- scope ---------------------------------------------------------------------------------------
def test_a_monthly_report_counts_its_own_month_as_new():
    monthly = ("حصيلة شهر آب / أغسطس\n\nالمرصد السوري لحقوق الإنسان:: وثق المرصد السوري خلال شهر آب / أغسطس "
               "مقتل <COUNT>312 شخصاً</COUNT> في مختلف المحافظات، كما وثق خلال الشهر ذاته اعتقال <COUNT>40 مواطناً</COUNT>.")
    assert [c.scope for c in run(monthly).counts] == ["new", "new"]
    # a month's tally inside a daily report is still a running total
    daily = ("محافظة درعا – المرصد السوري لحقوق الإنسان:: قتل <COUNT>شاب</COUNT> برصاص مجهولين. وفي حصيلة شهرية، "
             "وثق المرصد السوري خلال شهر آب / أغسطس مقتل <COUNT>27 شخصاً</COUNT> في عمليات اغتيال.")
    assert [c.scope for c in run(daily).counts] == ["new", "cumulative"]


def test_a_raised_toll_of_one_incident_or_of_today_is_new():
    doc = run("قضى <COUNT>4 مدنيين</COUNT> بقصف صاروخي على القرية صباحاً، وبعد الظهر ارتفع عدد ضحايا المجزرة إلى "
              "<COUNT>9 مدنيين</COUNT> بينهم <COUNT>طفلان</COUNT>.")
    assert [c.scope for c in doc.counts] == ["new", "new", "new"]
    doc = run("ارتفع إلى <COUNT>31 مواطناً</COUNT> عدد الذين استشهدوا اليوم في المدينة جراء القصف المتواصل منذ "
              "مطلع الأسبوع.")
    assert doc.counts[0].scope == "new"


def test_another_item_of_the_report_is_not_the_running_total():
    doc = run("وبذلك يرتفع إلى <COUNT>140</COUNT> عدد قتلى التنظيم منذ بدء هجومه على المطار، وعلى صعيد متصل، "
              "استشهد <COUNT>3 مواطنين</COUNT> جراء غارات على البلدة.")
    assert [c.scope for c in doc.counts] == ["cumulative", "new"]


def test_a_fight_of_two_days_is_the_reports_own_event():
    doc = run("سيطرت الفصائل على البلدة عقب اشتباكات عنيفة استمرت يومين، قتل خلالها <COUNT>8 عناصر</COUNT> من "
              "<ACTOR>قوات النظام</ACTOR>.")
    assert doc.counts[0].scope == "new"


# --- category ------------------------------------------------------------------------------------
def test_present_tense_headlines_and_releases_in_the_present():
    assert run("<ACTOR>التنظيم</ACTOR> يخسر <COUNT>العشرات</COUNT> من عناصره في يوم واحد").counts[0].category == "killed"
    assert run("و<COUNT>نحو 5 آلاف مواطن</COUNT> ينزحون خلال يومين").counts[0].category == "displaced"
    doc = run("اعتقلت <ACTOR>قوات النظام</ACTOR> <COUNT>12 شاباً</COUNT>، قبل أن تفرج عن <COUNT>4</COUNT> منهم مساءً.")
    assert [c.category for c in doc.counts] == ["captured", "other"]


def test_displaced_people_can_be_killed_or_missing():
    doc = run("ارتفع إلى <COUNT>21</COUNT> عدد النازحين الذين قضوا جراء الغارة على المدرسة، ولا يزال "
              "<COUNT>أكثر من 6 نازحين</COUNT> مجهولي المصير.")
    assert [c.category for c in doc.counts] == ["killed", "missing"]
    doc = run("وارتفع إلى <COUNT>أكثر من 130 ألف مواطن</COUNT> عدد النازحين من المنطقة منذ بدء الهجوم الذي قتل "
              "فيه العشرات.")
    assert doc.counts[0].category == "displaced"


# --- victim --------------------------------------------------------------------------------------
def test_kin_are_civilians_unless_they_break_down_one_side():
    doc = run("استشهد <COUNT>راع</COUNT> وأصيب <COUNT>شقيقاه</COUNT> بانفجار لغم.")
    assert doc.counts[1].victim == "CIVILIANS"
    doc = run("اعتقلت <ACTOR>قسد</ACTOR> <COUNT>3 أشخاص</COUNT> من <ACTOR>التنظيم</ACTOR>، بينهم <COUNT>شقيقاه</COUNT>.")
    assert doc.counts[1].victim == "IS"


def test_more_civilian_nouns():
    doc = run("قتل <COUNT>20 شخصاً</COUNT> بينهم <COUNT>محاميان</COUNT>، واقتاد المسلحون <COUNT>7 راهبات</COUNT>.")
    assert [c.victim for c in doc.counts[1:]] == ["CIVILIANS", "CIVILIANS"]


def test_a_native_of_a_town_is_still_of_his_side():
    doc = run("قتل <COUNT>12 عنصراً</COUNT> من <ACTOR>التنظيم</ACTOR> بينهم <COUNT>قيادي</COUNT> محلي من أبناء البلدة.")
    assert doc.counts[1].victim == "IS"


def test_things_held_or_handed_over_were_the_holders():
    doc = run("واستولت <ACTOR>قوات النظام</ACTOR> على <COUNT>3 سيارات</COUNT> رباعية الدفع كانت بحوزة <ACTOR>الفصائل</ACTOR>.")
    assert doc.counts[0].victim == "OPPOSITION"
    doc = run("وسلمت <ACTOR>الفصائل</ACTOR> قبيل خروجها <COUNT>4 دبابات</COUNT> إلى <ACTOR>قوات النظام</ACTOR>.")
    assert facts(doc) == [(4, "destroyed", "OPPOSITION", "new", None)]


# --- batches 39-42 -------------------------------------------------------------------------------
def test_a_toll_since_midnight_or_of_one_attack_is_new_even_in_a_tally_sentence():
    doc = run("رصد المرصد صباح اليوم استشهاد <COUNT>11 مدنياً</COUNT> بغارات على الحي، ثم ارتفع إلى "
              "<COUNT>27</COUNT> عدد المدنيين الذين استشهدوا منذ منتصف الليل.")
    assert [(c.scope, c.part_of) for c in doc.counts] == [("new", 1), ("new", None)]
    assert doc.fatalities.total == 27
    doc = run("حيث ارتفع إلى <COUNT>21</COUNT> عدد عناصر <ACTOR>قوات النظام</ACTOR> الذين قتلوا في الهجوم، كما قتل "
              "<COUNT>12</COUNT> من عناصر <ACTOR>التنظيم</ACTOR>، وبذلك يرتفع إلى <COUNT>501</COUNT> عدد عناصر "
              "<ACTOR>قوات النظام</ACTOR> الذين قتلوا في البادية منذ آذار 2019.")
    assert [c.scope for c in doc.counts] == ["new", "new", "cumulative"]


def test_since_the_same_date_is_a_running_total():
    doc = run("نزح الآلاف منذ بدء الحصار، كما وثق المرصد منذ التاريخ ذاته استشهاد <COUNT>17 مدنياً</COUNT>.")
    assert doc.counts[0].scope == "cumulative"


def test_besieged_and_orphaned_people_are_neither_killed_nor_missing():
    doc = run("قضى <COUNT>4 مواطنين</COUNT> جراء القصف، ولا يزال <COUNT>عشرات المدنيين</COUNT> محاصرين في الأحياء الشرقية.")
    assert [c.category for c in doc.counts] == ["killed", "other"]
    doc = run("ورصد المرصد نزوح <COUNT>نحو 3 آلاف مدني</COUNT>، بينهم <COUNT>عشرات الأطفال</COUNT> الذين فقدوا ذويهم.")
    assert [c.category for c in doc.counts] == ["displaced", "displaced"]


def test_more_present_tense_and_construct_duals():
    assert run("<COUNT>27 مدنياً</COUNT> يقضون بغارات على أحياء المدينة").counts[0].category == "killed"
    doc = run("استولت <ACTOR>قوات النظام</ACTOR> على <COUNT>عربتي</COUNT> “بي إم بي” تركهما مقاتلو <ACTOR>الهيئة</ACTOR>.")
    assert facts(doc) == [(2, "destroyed", "HTS", "new", None)]
    assert run("ما أدى لاستشهاد <COUNT>3 مدنيين</COUNT> هم <COUNT>رجل</COUNT> و<COUNT>طفلاه</COUNT>.").counts[2].value == 2
