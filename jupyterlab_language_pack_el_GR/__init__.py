"""Greek (el_GR) for JupyterLab and Notebook 7: a language pack made by the BoostDigiCulture
course kit, since the official Greek one
(jupyterlab-language-pack-el-GR) translates none of the texts a learner meets.

It covers the texts a learner meets while doing a unit (digiculture/lab_learner_texts.py lists
them); every other text stays English. How the kit's packs are made and compiled:
digiculture/lab_pack.py.
"""

from digiculture.lab_pack import VERSION as __version__
from digiculture.lab_pack import LanguagePack

#: The pack's locale, catalogs and compiler, shared by the kit's packs (digiculture/lab_pack.py).
PACK = LanguagePack(__file__)
LOCALE, MESSAGES, compile_catalogs = PACK.locale, PACK.messages, PACK.compile

__all__ = ["LOCALE", "MESSAGES", "PACK", "__version__", "compile_catalogs"]
