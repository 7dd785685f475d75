"""ORM vs PRM tree-search page in the browser. Its contract (load, keyboard, presenter, garbage links) is
checked by ``test_every_page.py``, which also checks ``ON_LOAD`` on the page's first load."""

from tests.e2e.conftest import Read, Shows, point_count

TREE_CHART = 1  # chart index: 0 article example, 1 tree, 2 trade-off, 3 accuracy vs compute
TREE = ("Correct prefix, kept", "Wrong prefix, kept", "Correct prefix, pruned", "Wrong prefix, pruned")


def tree_nodes(expected: int) -> Read:
    """Every generated step is one marker in the tree."""
    return Read("tree markers", lambda p: point_count(p, TREE_CHART, TREE), expected)


ON_LOAD = Shows(  # the article's ORM vs PRM example: 32 vs 14 scored steps
    metrics={"ORM scored steps": "32", "PRM scored steps": "14", "Steps saved": "18"},
    reads=(tree_nodes(4 * 4 * 8),))
