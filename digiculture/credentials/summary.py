"""What `credentials issue` tells the facilitator, short enough to read (a web console shows
the same lines).

One line per award with counts (issued, below the pass mark, waiting for hand grading, not
graded, not handed in); one line per learner only where the facilitator can act (below the
pass mark, answers to grade by hand, grading failed, the programme, no name), at most
`MOST_PER_AWARD` per award and then how many more; units nobody has handed in yet in a
single line. Every credential not issued, with its reason, is in
`not_issued.csv` (`digiculture.credentials.sending`), so nothing is lost by the short summary.
"""

from __future__ import annotations

from collections import Counter

from digiculture.course.facilitator_texts import Say
from digiculture.credentials.issue import IssueReport

#: Decisions counted, not listed learner by learner.
COUNTED_ONLY = {"not_handed_in"}
#: Learner lines shown per award at most; the others are counted (all are in not_issued.csv).
MOST_PER_AWARD = 5
#: Which learner lines come first: what the facilitator must do before issuing again.
FIRST = ("not_graded", "hand_grading", "no_name", "no_points", "below", "programme")


def summary_lines(report: IssueReport, say: Say) -> list[str]:
    issued = Counter(i.award for i in (*report.issued, *report.already))
    kinds: dict[str, Counter[str]] = {}
    for d in report.not_met:
        kinds.setdefault(d.award, Counter())[d.kind or "other"] += 1
    awards = [a for a in report.units if a in kinds or a in issued]
    awards += sorted((set(kinds) | set(issued)) - set(awards))
    nobody = [
        a
        for a in awards
        if not issued[a] and set(kinds.get(a, {})) == {"not_handed_in"} and a in report.units
    ]
    lines = [say("cred_issued", count=len(report.issued), folder=report.output)]
    if report.already:
        lines[0] += " " + say("cred_kept", count=len(report.already))
    for award in awards:
        if award in nobody:
            continue
        k = kinds.get(award, Counter())
        lines.append(
            "  "
            + say(
                "cred_unit_line",
                award=award,
                issued=issued[award],
                below=k["below"],
                hand=k["hand_grading"],
                failed=k["not_graded"],
                missing=k["not_handed_in"],
            )
        )
        listed = sorted(
            (d for d in report.not_met if d.award == award and d.kind not in COUNTED_ONLY),
            key=lambda d: FIRST.index(d.kind) if d.kind in FIRST else len(FIRST),
        )
        for d in listed[:MOST_PER_AWARD]:
            lines.append(
                "    " + say("cred_other_line", award=award, learner=d.learner, reason=d.reason)
            )
        if len(listed) > MOST_PER_AWARD:
            lines.append("    " + say("cred_more", count=len(listed) - MOST_PER_AWARD))
    if nobody:
        lines.append(say("cred_not_started", units=", ".join(nobody)))
    if report.not_issued_file is not None and report.not_met:
        lines.append(say("cred_details", file=report.not_issued_file))
    if report.zips:
        folder = next(iter(report.zips.values())).parent
        lines.append(say("cred_zips", count=len(report.zips), folder=folder))
    if report.mail_merge is not None:
        lines.append(say("cred_mail_merge", file=report.mail_merge))
    if report.no_email:
        lines.append(
            say("cred_no_email", count=len(report.no_email), learners=", ".join(report.no_email))
        )
    lines.append(say("cred_key", did=report.issuer_did))
    return lines
