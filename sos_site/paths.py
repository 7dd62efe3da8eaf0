"""Paths to the service's pages, reversed once per process and then filled in with each key.

Django's reverse() works a path out afresh on every call, about 70 function calls, and
`{% url %}` about 100. A page names a few dozen: the header's links, and a link in each row of
its lists. `path_to(name, *keys)` reverses each name once with stand-in integers, keeps the
text around them, and puts the caller's integer keys (primary keys) in their place. Whatever
it cannot fill in that way, it hands to reverse(), so the answer is always reverse()'s.
"""

import functools

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, reverse

# Integers that no page's path otherwise holds. Two sets, so that a route whose converter does
# more than write the number (pads it, say) is found out and left to reverse().
_STAND_INS = (7_340_001, 7_340_002, 7_340_003)
_CHECKS = (8_250_011, 8_250_012, 8_250_013)


def path_to(viewname, *keys):
    """reverse(viewname, args=keys), for a page named by integer keys or by none."""
    for key in keys:
        if type(key) is not int or key < 0:
            return reverse(viewname, args=keys)
    pieces = _pieces(viewname, len(keys), get_script_prefix())
    if pieces is None:
        return reverse(viewname, args=keys)
    return _filled(pieces, keys)


@functools.cache
def _pieces(viewname, count, script_prefix):
    """The path's text before, between and after its keys; None if it must be reversed each
    time. The script prefix is the one reverse() is about to use: a site served under two
    prefixes has two sets of paths. The URLconf is always settings.ROOT_URLCONF: no request
    of this service sets its own (request.urlconf)."""
    if count > len(_STAND_INS):
        return None
    try:
        path = reverse(viewname, args=_STAND_INS[:count])
        check = reverse(viewname, args=_CHECKS[:count])
    except NoReverseMatch:
        return None
    pieces = []
    for stand_in in map(str, _STAND_INS[:count]):
        if path.count(stand_in) != 1:
            return None
        piece, _, path = path.partition(stand_in)
        pieces.append(piece)
    pieces.append(path)
    return tuple(pieces) if _filled(pieces, _CHECKS[:count]) == check else None


def _filled(pieces, keys):
    """The path with each key between its pieces."""
    path = pieces[0]
    for key, piece in zip(keys, pieces[1:], strict=True):
        path += f"{key}{piece}"
    return path


@receiver(setting_changed)
def _forget_paths(*, setting, **kwargs):
    """A test that swaps the URLconf gets its own paths, as reverse() does."""
    if setting == "ROOT_URLCONF":
        _pieces.cache_clear()
