"""Category cue words added from Arabic usage rather than from a corpus error: dual verbs, synonyms of
killing and of forced disappearance, taking refuge, blowing up and seizing. Each gave `other` before."""

import pytest
from event_helpers import run


@pytest.mark.parametrize("markup, category", [
    ("ارتقى <COUNT>3 مدنيين</COUNT> جراء القصف على البلدة", "killed"),
    ("وأردى <ACTOR>مسلحون مجهولون</ACTOR> <COUNT>شاباً</COUNT> في البلدة", "killed"),
    ("وقضيا <COUNT>طفلان</COUNT> تحت الأنقاض", "killed"),
    ("وثق المرصد وفيات <COUNT>5 أطفال</COUNT> في المخيم", "killed"),
    ("<COUNT>شابان</COUNT> أصيبا برصاص قناص في المدينة", "injured"),
    ("اعتقلا <COUNT>شابين</COUNT> من أبناء القرية", "captured"),
    ("غيبت <ACTOR>الأجهزة الأمنية</ACTOR> <COUNT>عشرات الشبان</COUNT> في سجونها", "missing"),
    ("لجأت <COUNT>نحو 400 عائلة</COUNT> إلى المخيمات الحدودية", "displaced"),
])
def test_cue_words(markup, category):
    assert run(markup).counts[0].category == category
