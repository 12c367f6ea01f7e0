"""Croatian (hr_HR) for JupyterLab and Notebook 7, made by the BoostDigiCulture course kit:
JupyterLab has no official Croatian pack. The texts it covers are those a learner meets
while doing a unit (digiculture/lab_learner_texts.py); its making: digiculture/lab_pack.py.
"""

from digiculture.lab_pack import VERSION as __version__
from digiculture.lab_pack import LanguagePack

#: The pack's locale, catalogs and compiler, shared by the kit's packs (digiculture/lab_pack.py).
PACK = LanguagePack(__file__)
LOCALE, MESSAGES, compile_catalogs = PACK.locale, PACK.messages, PACK.compile

__all__ = ["LOCALE", "MESSAGES", "PACK", "__version__", "compile_catalogs"]
