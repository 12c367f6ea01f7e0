"""BoostDigiCulture course kit: orchestration package and the `digiculture` command."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("boostdigiculture-kit")
except PackageNotFoundError:  # running from a checkout that was not installed
    __version__ = "0.0.0+unknown"
