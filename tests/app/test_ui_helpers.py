"""Unit tests of the pure parts of ui/: URL value checks, scene registry parsing, guess judging,
and a check of every page's scenes file against the page's key prefix."""

import pytest

from ui.controls import check_number
from ui.nav import BY_ID
from ui.predictions import judge
from ui.scenes import SCENES_DIR, load_scenes, parse_scenes


@pytest.mark.parametrize(
    ("raw", "lo", "hi", "integer", "ok"),
    [("5", 0, 10, True, True), ("10", 0, 10, True, True), ("11", 0, 10, True, False),
     ("-1", 0, 10, True, False), ("2.5", 0, 10, True, False), ("2.5", 0, 10, False, True),
     ("abc", 0, 10, False, False), ("nan", 0, 10, False, False), ("inf", 0, 10, False, False),
     ("", 0, 10, False, False), ("1e3", 0, 1000, True, True)],
)
def test_check_number(raw, lo, hi, integer, ok):
    problem = check_number(raw, lo, hi, integer=integer)
    assert (problem is None) is ok
    if not ok:
        assert f"{lo:,}" in problem and f"{hi:,}" in problem


def test_parse_scenes_validates():
    good = parse_scenes('[[scene]]\nid = "a-1"\ntitle = "T"\nnarration = "N"\n[scene.values]\n"x.k" = 1\n')
    assert good[0].values == {"x.k": 1}
    with pytest.raises(ValueError, match="narration"):
        parse_scenes('[[scene]]\nid = "a"\ntitle = "T"\n')
    with pytest.raises(ValueError, match="unique"):
        parse_scenes('[[scene]]\nid="a"\ntitle="T"\nnarration="N"\n[[scene]]\nid="a"\ntitle="T"\nnarration="N"\n')
    with pytest.raises(ValueError, match="letters"):
        parse_scenes('[[scene]]\nid="a b"\ntitle="T"\nnarration="N"\n')


@pytest.mark.parametrize("path", sorted(SCENES_DIR.glob("*.toml")), ids=lambda p: p.stem)
def test_every_scenes_file_belongs_to_a_page_and_uses_its_prefix(path):
    assert path.stem in BY_ID, f"{path.name}: no page with id {path.stem!r}"
    scenes = load_scenes(path.stem)
    assert 2 <= len(scenes) <= 4
    prefix = BY_ID[path.stem].prefix
    for scene in scenes:
        assert scene.values, f"scene {scene.id} sets no values"
        bad = [k for k in scene.values if not k.startswith(prefix)]
        assert not bad, f"scene {scene.id}: keys {bad} must start with {prefix!r}"


def test_judge():
    assert judge(1.9, 1.87, rel_tol=0.1, abs_tol=0.0)
    assert not judge(2.2, 1.87, rel_tol=0.1, abs_tol=0.0)
    assert judge(0.0, 0.0, rel_tol=0.1, abs_tol=0.0)
    assert judge(3.0, 0.0, rel_tol=0.1, abs_tol=5.0)
    assert judge("oracle", "oracle", rel_tol=0.1, abs_tol=0.0)
    assert not judge("vote", "oracle", rel_tol=0.1, abs_tol=0.0)
