"""The kit's translations as gettext catalogs: what to translate, keeping them in step, compiling.

`texts` finds the English texts (unit notebooks cell by cell, the checks' words, the learner
helpers' messages) and puts translations into a learner version; `catalogs` keeps the `.pot`
templates and each language's `.po` in step, reports what is missing or stale, and compiles.
The kernel side (which language, reading a compiled catalog) is `digiculture.learn.language`.
"""
