"""The bundled datasets of the units (`notebooks/data/`), found through the kit's settings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from digiculture.learn.check import phrase


class DataMissing(FileNotFoundError):
    pass


def data_path(name: str) -> Path:
    """The full path of a bundled data file; a clear error when it is not there."""
    from digiculture.settings import Settings  # on first use: every kernel imports this module

    folder = Settings.load().data_dir
    path = folder / name
    if not path.is_file():
        raise DataMissing(
            phrase(
                "The data file '{name}' is not in the course's data folder ({folder}). "
                "Nothing is wrong with your work: please tell your facilitator, who can copy "
                "the course's data folder back.",
                name=name,
                folder=folder,
            )
        )
    return path


def load_data(name: str) -> Any:
    """A table (.csv) as a pandas DataFrame, .json as Python data, anything else as text."""
    path = data_path(name)
    if path.suffix == ".csv":
        import pandas as pd

        return pd.read_csv(path)
    if path.suffix == ".json":
        return json.loads(path.read_text(encoding="utf-8"))
    return path.read_text(encoding="utf-8")
