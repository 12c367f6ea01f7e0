"""Greek (el_GR) for JupyterLab and Notebook 7, made by the BoostDigiCulture course kit: the
official Greek pack (jupyterlab-language-pack-el-GR) translates none of the texts a learner
meets. What the kit's packs cover and how they are made and compiled: digiculture/lab_pack.py.
"""

from digiculture.lab_pack import VERSION as __version__
from digiculture.lab_pack import LanguagePack

#: The pack's locale, catalogs and compiler, shared by the kit's packs (digiculture/lab_pack.py).
PACK = LanguagePack(__file__)
LOCALE, MESSAGES, compile_catalogs = PACK.locale, PACK.messages, PACK.compile

__all__ = ["LOCALE", "MESSAGES", "PACK", "__version__", "compile_catalogs"]
