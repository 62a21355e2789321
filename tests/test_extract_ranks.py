"""Data-parallel extraction (accelerate launch): one shard per rank, merged by rank 0 in input order."""

import json
import os
import socket
import subprocess
import sys

import pytest
from test_extract_cli import FakeExtractor
from typer.testing import CliRunner

from marsad.cli import app
from marsad.commands import extract as extract_cmd

runner = CliRunner()


def _inputs(tmp_path, n=7, bad=None):
    path = tmp_path / "in.jsonl"
    lines = []
    for i in range(n):
        text = "BOOM" if i == bad else f"قصف رقم {i}"
        lines.append(json.dumps({"id": f"r{i}", "text": text}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _run_rank(monkeypatch, rank, args):
    monkeypatch.setenv("RANK", str(rank))
    monkeypatch.setenv("LOCAL_RANK", str(rank))
    monkeypatch.setenv("WORLD_SIZE", "2")
    return runner.invoke(app, args)


@pytest.fixture
def sequential_ranks(monkeypatch):
    """Ranks run one after the other in this process: the barrier has nothing to wait for."""
    monkeypatch.setattr(extract_cmd.Shard, "barrier", lambda self, cpu: None)
    monkeypatch.setattr(extract_cmd, "load_extractor", lambda *args, **kwargs: FakeExtractor())


def test_each_rank_takes_every_other_record_and_rank0_merges_in_order(tmp_path, monkeypatch, sequential_ranks):
    source = _inputs(tmp_path)
    out = tmp_path / "events.csv"
    args = ["extract", str(source), "--model", "m", "-o", str(out)]
    one = _run_rank(monkeypatch, 1, args)
    assert one.exit_code == 0, one.stderr
    shard = [json.loads(line) for line in (tmp_path / "events.csv.rank1").read_text(encoding="utf-8").splitlines()]
    assert [line["doc"]["id"] for line in shard[:-1]] == ["r1", "r3", "r5"] and "status" in shard[-1]
    assert not out.exists()
    zero = _run_rank(monkeypatch, 0, args)
    assert zero.exit_code == 0, zero.stderr
    rows = out.read_text(encoding="utf-8").splitlines()[1:]
    assert [row.split(",")[0] for row in rows] == [f"r{i}-1" for i in range(7)]  # input order
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.csv", "in.jsonl"]  # shards removed


def test_a_failure_on_any_rank_makes_rank0_fail(tmp_path, monkeypatch, sequential_ranks):
    source = _inputs(tmp_path, n=4, bad=3)  # r3 belongs to rank 1
    out = tmp_path / "out.jsonl"
    args = ["extract", str(source), "--model", "m", "-o", str(out)]
    assert _run_rank(monkeypatch, 1, args).exit_code == 1
    zero = _run_rank(monkeypatch, 0, args)
    assert zero.exit_code == 1 and "1 input(s) failed" in zero.stderr
    assert [json.loads(x)["id"] for x in out.read_text(encoding="utf-8").splitlines()] == ["r0", "r1", "r2"]


def test_several_ranks_need_an_output_file(tmp_path, monkeypatch, sequential_ranks):
    result = _run_rank(monkeypatch, 0, ["extract", str(_inputs(tmp_path)), "--model", "m"])
    assert result.exit_code == 1 and "give --output PATH" in result.stderr


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_two_real_processes_synchronise_through_torch_distributed(tmp_path):
    """What `accelerate launch --num_processes 2 -m marsad ...` does, on CPU (gloo). `assemble` shares
    extract's run loop and needs no model, so the test stays fast."""
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": f"r{i}", "text": f"قتل {i + 1} مدنيين في حلب",
                                          "entities": [{"start": 4, "end": 12 + len(str(i + 1)) - 1, "label": "COUNT"}]},
                                         ensure_ascii=False) + "\n" for i in range(5)), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    port = str(_free_port())
    procs = []
    for rank in (0, 1):
        env = dict(os.environ, RANK=str(rank), LOCAL_RANK=str(rank), WORLD_SIZE="2", MASTER_ADDR="127.0.0.1",
                   MASTER_PORT=port, OMP_NUM_THREADS="1")
        command = [sys.executable, "-m", "marsad", "assemble", str(source), "-o", str(out)]
        procs.append(subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    results = [p.communicate(timeout=240) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    assert [json.loads(x)["id"] for x in out.read_text(encoding="utf-8").splitlines()] == [f"r{i}" for i in range(5)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]
