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
