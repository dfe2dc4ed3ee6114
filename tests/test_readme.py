"""The README's pictures exist and are the ones scripts/screenshots.py --readme makes."""

import re

from scripts.screenshots import PAGES, README
from tests.conftest import ROOT


def test_every_picture_in_the_readme_exists_and_is_made_by_the_script():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    pictures = re.findall(r"\]\((docs/screenshots/[^)]+\.png)\)", text)
    assert len(pictures) >= 6
    made = {f"docs/screenshots/{name}-{w}x{h}.png" for names, (w, h) in README for name in names}
    made |= {"docs/screenshots/deck-1.png", "docs/screenshots/deck-2.png"}
    for picture in pictures:
        assert (ROOT / picture).stat().st_size > 10_000, picture
        assert picture in made, f"{picture} is not made by scripts/screenshots.py --readme"
    assert all(name in PAGES for names, _ in README for name in names)


def test_the_real_data_recipe_runs_pasted_as_is(realdata, tmp_path):
    """The README's real-data recipe, command by command as a newcomer pastes it, on a database of
    its own (it sets MIK_DB: the demo's database is never touched); every file it names exists (the
    user's own files are in a separate block, marked as examples). `users add` asks a password and
    `serve` runs the app: those two are run with a password on stdin and left out."""
    import os
    import shlex
    import subprocess
    import sys

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Importing real data") : text.index("## Monthly update while the app runs")]
    block = re.search(r"```bash\n(.*?)```", section, flags=re.S).group(1)
    lines = [line.split("  #")[0].strip() for line in block.splitlines() if line.strip()]
    assert lines[0].startswith("export MIK_DB=") and "data/mik.duckdb" not in lines[0].split("#")[0]
    db = tmp_path / "echt.duckdb"
    env = {**os.environ, "MIK_DB": str(db), "MIK_USERS": str(tmp_path / "users.toml")}
    env.pop("MIK_CONFIG", None)
    demo = ROOT / "data" / "mik.duckdb"
    before = demo.stat().st_mtime_ns if demo.exists() else None
    ran = 0
    for line in lines[2:]:
        args = shlex.split(line.replace("$R", str(realdata)).replace("$PWD", str(ROOT)))
        assert args[:3] == ["python", "-m", "mik"], line
        if args[3] == "serve":
            continue
        for word in args[4:]:
            if "/" in word and not word.startswith("-"):
                assert (ROOT / word).exists() or os.path.exists(word), f"{line}: {word} does not exist"
        stdin = None
        if args[3] == "users":
            args.append("--password-stdin")
            stdin = "een lang en geheim wachtwoord\n"
        done = subprocess.run(
            [sys.executable, *args[1:]], cwd=ROOT, env=env, input=stdin, capture_output=True, text=True
        )
        assert done.returncode == 0, f"{line}\n{done.stdout}\n{done.stderr}"
        ran += 1
    assert ran >= 10 and db.exists()
    assert (demo.stat().st_mtime_ns if demo.exists() else None) == before  # the demo is untouched
