"""The messages between the grading coordinator and a worker (`digiculture.grading.protocol`)."""

from __future__ import annotations

import pytest

from digiculture.grading.protocol import (
    JobRequest,
    JobResult,
    ProtocolError,
    Ready,
    decode_job,
    decode_reply,
    encode,
)
from digiculture.grading.sandbox import Limits


def test_every_message_comes_back_as_it_was_sent():
    job = JobRequest(
        id="j00001",
        dir="j00001",
        unit="u01_jupyter_first_steps",
        limits=Limits(timeout=12.5, memory_mb=256),
        execute={"allow_errors": True, "iopub_timeout": 4, "skip_cells_with_tag": "skip"},
    )
    result = JobResult(
        id="j00001",
        ok=False,
        problem="kernel_died",
        detail="Straße → λ",
        cell=4,
        cells=17,
        cut_bytes=10,
        output_bytes=2**30,
        seconds=1.25,
        kernel_log="MemoryError\n",
        timings=[("kernel ready", 0.1), ("cell 1", 0.2)],
    )
    for message, decode in ((job, decode_job), (result, decode_reply), (Ready(), decode_reply)):
        line = encode(message)
        assert line.endswith("\n") and line.count("\n") == 1
        assert decode(line) == message
        assert decode(line.encode("utf-8")) == message
    assert decode_reply(encode(JobResult(id="j2", ok=True))) == JobResult(id="j2", ok=True)


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("", "not JSON"),
        ("{'id': 'j1'}", "not JSON"),
        ('{"kind": "result", "id": "j1"', "not JSON"),
        ("[1, 2]", "not a JSON object"),
        ('{"id": "j1", "ok": true}', "its kind is None"),
        ('{"kind": "job", "id": "j1"}', "its kind is 'job'"),
        ('{"kind": "result", "id": "j1", "ok": true, "score": 3}', "unknown field(s) score"),
        ('{"kind": "result", "ok": true}', "missing"),
        ('{"kind": "result", "id": "j1", "ok": "yes"}', "ok must be true or false"),
        ('{"kind": "result", "id": 7, "ok": true}', "id must be text"),
        ('{"kind": "result", "id": "j1", "ok": false, "cell": "3"}', "cell must be a whole"),
        ('{"kind": "result", "id": "j1", "ok": false, "problem": "boom"}', "unknown problem"),
    ],
)
def test_a_malformed_line_from_a_worker_is_a_clear_error(line, why):
    with pytest.raises(ProtocolError) as error:
        decode_reply(line)
    text = str(error.value)
    assert why in text
    assert text.startswith("a line on the grading pipe is not a grading message")
    assert "same version of the kit" in text


def test_a_malformed_job_is_a_clear_error():
    good = encode(JobRequest(id="j1", dir="j1", unit="u01", limits=Limits(timeout=60.0)))
    assert decode_job(good).limits == Limits(timeout=60.0)
    for line, why in (
        (good.replace('"kind": "job"', '"kind": "ready"'), "its kind is 'ready'"),
        (good.replace('"timeout": 60.0', '"speed": 60.0'), "speed"),
        ('{"kind": "job", "id": "j1", "dir": "j1", "unit": "u", "limits": 3}', "limits must"),
        (good.replace('"execute": {}', '"execute": []'), "execute must be an object"),
        (good.replace('"notebooks": []', '"notebooks": ["../x"]'), "notebooks must be"),
    ):
        with pytest.raises(ProtocolError, match="not a grading message") as error:
            decode_job(line)
        assert why in str(error.value)
    long_line = '{"kind": "job", "id": "' + "x" * 500 + '"}'
    with pytest.raises(ProtocolError) as error:
        decode_job(long_line)
    assert len(str(error.value)) < 400  # the line is shown shortened
