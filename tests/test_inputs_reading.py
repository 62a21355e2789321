"""Reading inputs (marsad.model.inputs): kinds of input, ids, dates, problems, laziness."""

import io
import json

import pytest

from marsad.model.inputs import InputProblem, InputRecord, estimate_total, iter_inputs


def _lines(*objs):
    return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs)


def test_txt_is_one_report_kept_byte_for_byte(tmp_path):
    path = tmp_path / "r.txt"
    path.write_bytes("\ufeffسطر أول\r\nسطر ثان\n".encode())
    (record,) = iter_inputs([path])
    assert isinstance(record, InputRecord)
    assert record.id == "r" and record.text == "سطر أول\r\nسطر ثان\n"  # BOM dropped, CRLF kept
    assert record.where == str(path)


def test_jsonl_fields_ids_and_dates(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(_lines(
        {"id": 17, "text": "أ", "date": "2019-05-14T08:00:00"},
        {"text": "ب", "meta": {"date": "2018-10-28", "source": "SOHR"}},
        {"id": "c", "markup": "قتل <COUNT>3 مدنيين</COUNT> في <LOC>حلب</LOC>"},
        {"id": "d", "text": "د", "entities": [{"start": 0, "end": 1, "label": "LOC"}]},
    ) + "\n   \n", encoding="utf-8")
    a, b, c, d = iter_inputs([path])
    assert (a.id, a.date, a.where) == ("17", "2019-05-14", f"{path}:1")
    assert (b.id, b.date, b.meta["source"]) == ("batch:2", "2018-10-28", "SOHR")
    assert c.text == "قتل 3 مدنيين في حلب"
    assert [(e["start"], e["end"], e["label"]) for e in c.entities] == [(4, 12, "COUNT"), (16, 19, "LOC")]
    assert d.entities == [{"start": 0, "end": 1, "label": "LOC"}] and a.entities is None
    assert [r.index for r in (a, b, c, d)] == [0, 1, 2, 3]


def test_folder_is_read_recursively_in_name_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x.txt").write_text("١", encoding="utf-8")
    (tmp_path / "a.txt").write_text("٢", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(_lines({"id": "c1", "text": "٣"}), encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "h.txt").write_text("no", encoding="utf-8")
    (tmp_path / "README.md").write_text("no", encoding="utf-8")
    assert [r.id for r in iter_inputs([tmp_path])] == ["a", "b/x", "c1"]
    empty = tmp_path / "empty"
    empty.mkdir()
    (problem,) = iter_inputs([empty])
    assert str(problem) == f"{empty}: folder has no .txt or .jsonl files"


def test_stdin_is_jsonl_or_plain_text():
    jsonl = io.BytesIO(b"\n" + _lines({"id": "s", "text": "نص"}).encode())
    assert [(r.id, r.text) for r in iter_inputs(["-"], stdin=jsonl)] == [("s", "نص")]
    plain = io.BytesIO("\n  تقرير\nمن سطرين\n".encode())
    (record,) = iter_inputs(["-"], stdin=plain)
    assert (record.id, record.text) == ("stdin", "\n  تقرير\nمن سطرين\n")


@pytest.mark.parametrize(("line", "reason"), [
    (b'{"text": "x"', "not valid JSON"),
    (b'{"text": "\xff"}', "not UTF-8 (byte 0xff at column 11)"),
    (b"[1, 2]", "each line must be a JSON object"),
    (b'{"id": "x"}', "missing field 'text'"),
    (b'{"text": 5}', "'text' must be a string"),
    (b'{"text": "x", "date": "yesterday"}', "'date' is not an ISO date"),
    (b'{"text": "x", "entities": {"a": 1}}', "'entities' must be a list"),
    (b'{"markup": "<LOC>x"}', "<LOC> is never closed"),
])
def test_bad_jsonl_line_is_a_located_problem_and_reading_goes_on(tmp_path, line, reason):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"id": "before", "text": "a"}\n' + line + b'\n{"id": "after", "text": "b"}\n')
    before, problem, after = iter_inputs([path])
    assert isinstance(problem, InputProblem)
    assert str(problem).startswith(f"{path}:2: {reason}")
    assert (before.id, after.id) == ("before", "after")
    assert problem.index == 1 and after.index == 2  # problems take their place in the numbering


def test_missing_and_non_utf8_files_are_problems(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes("سطر\n".encode() + "حلب".encode("cp1256"))
    items = list(iter_inputs([tmp_path / "nope.txt", bad]))
    assert [str(i) for i in items] == [
        f"{tmp_path / 'nope.txt'}: no such file or folder",
        f"{bad}: not UTF-8 text (byte 0xcd on line 2); re-save it as UTF-8, e.g. iconv -f WINDOWS-1256 -t UTF-8",
    ]


def test_jsonl_is_read_lazily():
    def endless():
        i = 0
        while True:
            yield (json.dumps({"id": i, "text": "x"}) + "\n").encode()
            i += 1

    class Stream(io.RawIOBase):
        def __iter__(self):
            return endless()

    items = iter_inputs(["-"], stdin=Stream())
    assert [next(items).id for _ in range(3)] == ["0", "1", "2"]  # an endless input still streams


def test_estimate_total(tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(_lines({"text": "1"}, {"text": "2"}) + "\n", encoding="utf-8")
    assert estimate_total([tmp_path]) == 3
    assert estimate_total([tmp_path / "a.txt", tmp_path / "missing"]) == 2
    assert estimate_total(["-"]) is None
