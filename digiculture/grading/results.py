"""What a grading run gives back: one `SubmissionResult` per learner, a `Summary` of the run,
and the folders under `submitted/` that were `Refused` (not graded). ("Outcomes" are the
programme's figures, `digiculture.outcomes`; a submission has a result.)"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

GRADED, FAILED, GRADING = "graded", "failed", "grading"


@dataclass
class SubmissionResult:
    learner: str
    status: str
    reason: str = ""
    notes: list[str] = field(default_factory=list)
    #: From the gradebook, filled in when the run ends (progress callbacks see None).
    score: float | None = None
    max_score: float | None = None
    needs_manual_grade: bool = False
    seconds: float = 0.0


@dataclass
class Summary:
    unit: str
    results: list[SubmissionResult]
    seconds: float
    workers: int
    sandboxed: bool
    log_file: Path | None = None
    #: Folders under submitted/ that were not graded (not learners of the course, links).
    refused: list[Refused] = field(default_factory=list)

    @property
    def graded(self) -> list[SubmissionResult]:
        return [o for o in self.results if o.status == GRADED]

    @property
    def failed(self) -> list[SubmissionResult]:
        return [o for o in self.results if o.status == FAILED]

    def as_dict(self) -> dict:
        return {
            "unit": self.unit,
            "seconds": round(self.seconds, 2),
            "workers": self.workers,
            "sandboxed": self.sandboxed,
            "results": [asdict(o) for o in self.results],
            "refused": [asdict(r) for r in self.refused],
        }


@dataclass
class Refused:
    """A folder under `submitted/` that was not graded, and why (never a learner's row)."""

    folder: str
    reason: str

    @property
    def shown(self) -> str:
        """The folder's name as it can be printed safely (quoted, control characters escaped)."""
        return ascii(self.folder) if not self.folder.isprintable() else repr(self.folder)
