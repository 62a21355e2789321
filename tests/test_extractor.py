"""EventExtractor end to end on the random tiny model: documents, offsets into the original text,
batching that changes nothing, streaming, and the int8 / ONNX fast paths."""

import numpy as np
import pytest

from marsad.errors import MarsadError
from marsad.model.extractor import EventExtractor
from marsad.model.schema import Document


@pytest.fixture(scope="module")
def extractor(random_model_dir):
    return EventExtractor.from_pretrained(random_model_dir, device="cpu", batch_size=4)


def _keys(entities):
    return [(e.label, e.start, e.end) for e in entities]


def test_extract_gives_a_document_with_valid_offsets(extractor, seed_text):
    doc = extractor.extract(seed_text, id="seed", date="2018-10-28")
    assert isinstance(doc, Document) and doc.id == "seed"
    assert doc.entities, "a random model still tags some words"
    for entity in doc.entities:
        assert 0 <= entity.start < entity.end <= len(seed_text)
        assert seed_text[entity.start : entity.end] == entity.text
        assert entity.text == entity.text.strip()
        assert 0.0 < entity.score <= 1.0
    dumped = doc.model_dump()
    assert set(dumped) >= {"id", "entities", "actors", "locations", "counts", "events", "fatalities"}


def test_extract_batch_matches_one_by_one(extractor, seed_text):
    texts = [seed_text, seed_text[:250], "", "  \n ", seed_text[1000:1800], "قسد"]
    batch = extractor.extract_batch(texts, ids=[f"r{i}" for i in range(len(texts))])
    assert [d.id for d in batch] == [f"r{i}" for i in range(len(texts))]
    for text, doc in zip(texts, batch):
        assert _keys(doc.entities) == _keys(extractor.extract(text).entities)
    assert batch[2].entities == [] and batch[3].entities == []


def test_decorated_text_gives_the_same_entities_with_offsets_into_the_original(extractor):
    plain = "قتل 43 عنصرا من قوات النظام في ريف دير الزور الشرقي، بينهم 8 قادة"
    decorated = "قُتِلَ ٤٣ عنصـــراً من قوات النظـــام في ريف دير الزّور الشرقي، بينهم ٨ قادة\u200f"
    plain_entities, decorated_entities = extractor.predict_entities([plain, decorated])
    assert [e.label for e in plain_entities] == [e.label for e in decorated_entities]
    assert len(plain_entities) > 0
    for entity in decorated_entities:
        assert decorated[entity.start : entity.end] == entity.text
    assert np.allclose([e.score for e in plain_entities], [e.score for e in decorated_entities], atol=1e-4)


def test_iter_extract_streams_strings_mappings_and_objects_in_order(extractor, seed_text):
    class Record:
        def __init__(self, text, id, date):
            self.text, self.id, self.date = text, id, date

    records = [seed_text[:300], {"text": seed_text[:500], "id": "b", "date": "2019-01-02"}, Record("قسد", "c", None)]
    docs = list(extractor.iter_extract(iter(records), chunk_size=2))
    assert [d.id for d in docs] == [None, "b", "c"]


def test_bad_arguments_are_refused(random_model_dir):
    with pytest.raises(MarsadError, match="quantize"):
        EventExtractor.from_pretrained(random_model_dir, quantize="int4")
    with pytest.raises(MarsadError, match="backend"):
        EventExtractor.from_pretrained(random_model_dir, backend="tensorrt")


def _word_argmax(extractor, texts):
    from marsad.model.normalize import normalize

    words = [[w.text for w in normalize(t).words] for t in texts]
    return np.concatenate([p.argmax(1) for p in extractor.tagger.predict(words)])


def test_int8_runs_and_mostly_agrees_with_fp32(random_model_dir, extractor, seed_text):
    int8 = EventExtractor.from_pretrained(random_model_dir, device="cpu", quantize="int8")
    doc = int8.extract(seed_text)
    assert all(seed_text[e.start : e.end] == e.text for e in doc.entities)
    agreement = (_word_argmax(int8, [seed_text]) == _word_argmax(extractor, [seed_text])).mean()
    assert agreement >= 0.9


def test_onnx_backend_matches_torch(random_model_dir, extractor, seed_text, tmp_path, monkeypatch):
    pytest.importorskip("onnxruntime")
    pytest.importorskip("onnx")
    monkeypatch.setenv("MARSAD_CACHE", str(tmp_path))
    onnx = EventExtractor.from_pretrained(random_model_dir, backend="onnx")
    assert list((tmp_path / "onnx").glob("*/model.onnx"))
    texts = [seed_text, seed_text[:400]]
    assert (_word_argmax(onnx, texts) == _word_argmax(extractor, texts)).mean() >= 0.99
    again = EventExtractor.from_pretrained(random_model_dir, backend="onnx")  # from the cache
    assert _keys(again.extract(texts[1]).entities) == _keys(onnx.extract(texts[1]).entities)
