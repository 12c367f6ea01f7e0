"""Getting issued credentials to their learners: one zip per learner, a mail-merge CSV, and the
list of who did not get which credential and why.

In `<output>/_send/` (a name no learner id can have: ids start with a letter or a digit):

- `<learner>.zip`: every credential (JSON) and certificate (PDF) the learner has in
  `<output>/<learner>/`, made again at each issue;
- `mail_merge.csv`: one line per learner with a zip: `name`, `email`, `files` (the zip's
  full path, to attach), then `learner`, `language`, and a `subject` and a `message` in the
  learner's language (credentials' texts.yaml), ready for a mail merge (Word, LibreOffice,
  Thunderbird's Mail Merge); learners without an e-mail address are in it with an empty
  `email` and are named in the summary;
- `not_issued.csv`: every credential not issued, with the learner's name and the reason, so
  that the short summary on the screen loses nothing.

Both CSV files are written for European Excel and neutralised against formulas
(`digiculture.course.gradebook_export.excel_csv`).
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from digiculture.course.gradebook_export import excel_csv
from digiculture.credentials.build import Recipient
from digiculture.credentials.texts import texts

if TYPE_CHECKING:
    from digiculture.credentials.issue import IssueReport

SEND_FOLDER = "_send"
MAIL_MERGE_FILE = "mail_merge.csv"
NOT_ISSUED_FILE = "not_issued.csv"


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.chmod(tmp, 0o600)  # personal data: the facilitator's only
    os.replace(tmp, path)


def learner_zip(folder: Path, target: Path) -> bool:
    """A zip of the credentials and certificates in `folder`; False when it has none."""
    files = sorted(p for p in folder.glob("*") if p.suffix in (".json", ".pdf") and p.is_file())
    if not files:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    os.close(fd)
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            archive.write(path, arcname=f"{folder.name}/{path.name}")
    os.chmod(tmp, 0o600)
    os.replace(tmp, target)
    return True


def prepare_sending(report: IssueReport, people: Mapping[str, Recipient]) -> None:
    """Write the zips, the mail merge and the list of what was not issued (module doc)."""
    send = report.output / SEND_FOLDER
    learners = sorted({i.learner for i in (*report.issued, *report.already)})
    for learner in learners:
        target = send / f"{learner}.zip"
        if learner_zip(report.output / learner, target):
            report.zips[learner] = target
    awards: dict[str, list[str]] = {}
    for item in (*report.issued, *report.already):
        awards.setdefault(item.learner, []).append(item.award)
    rows: list[list[object]] = [
        ["name", "email", "files", "learner", "language", "subject", "message"]
    ]
    for learner, path in report.zips.items():
        person = people.get(learner) or Recipient(learner, "", "", "en")
        words = texts(person.language)
        rows.append(
            [
                person.name,
                person.email,
                str(path.resolve()),
                learner,
                person.language,
                words["mail_subject"],
                " ".join(
                    words["mail_message"]
                    .format(name=person.name, awards=", ".join(sorted(awards[learner])))
                    .split()
                ),
            ]
        )
        if not person.email:
            report.no_email.append(learner)
    if report.zips:
        report.mail_merge = send / MAIL_MERGE_FILE
        _write(report.mail_merge, excel_csv(rows))
    missing = [["learner", "name", "award", "reason"]]
    missing += [
        [d.learner, people[d.learner].name if d.learner in people else "", d.award, d.reason]
        for d in report.not_met
    ]
    report.not_issued_file = send / NOT_ISSUED_FILE
    _write(report.not_issued_file, excel_csv(missing))
