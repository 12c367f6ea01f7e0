"""`python -m jupyterlab_language_pack_hr_HR`: compile the Croatian catalogs (.po to .mo, .json)."""

from jupyterlab_language_pack_hr_HR import compile_catalogs

if __name__ == "__main__":
    written = compile_catalogs()
    print(f"Croatian language pack for JupyterLab: {len(written)} file(s) compiled.")
