"""Help with plain words: flag jargon, acronyms and broad labels, and estimate a reading age.

The word list lives in the database (PlainLanguageTerm) so administrators can change it. The
check never blocks saving; it only points at words the family may not understand.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

import pyphen

# A term matches only as a whole word: "CP" is not found inside "CPR" or "ICP". Letters, digits
# and apostrophes count as part of a word; hyphens and other punctuation end it.
_WORD_CHAR = r"[\w']"


@dataclass(frozen=True)
class Match:
    term: str
    found: str
    suggestion: str
    start: int


def term_pattern(phrase, match_case):
    words = [re.escape(word) for word in phrase.split()]
    body = r"\s+".join(words)
    flags = 0 if match_case else re.IGNORECASE
    return re.compile(rf"(?<!{_WORD_CHAR}){body}(?!{_WORD_CHAR})", flags)


def find_jargon(text, terms):
    """Every place in `text` where one of `terms` is used. `terms` are PlainLanguageTerm rows
    (or anything with phrase, suggestion and match_case)."""
    matches = []
    for term in terms:
        for found in term_pattern(term.phrase, term.match_case).finditer(text or ""):
            matches.append(Match(term.phrase, found.group(0), term.suggestion, found.start()))
    return sorted(matches, key=lambda match: match.start)


@lru_cache(maxsize=1)
def _dictionary():
    return pyphen.Pyphen(lang="en_GB")


def _syllables(word):
    # Hyphenation points are a fair stand-in for syllables, and need no download.
    return max(1, len(_dictionary().positions(word)) + 1)


def reading_age(text):
    """Roughly the age a child needs to be to read `text` easily (Flesch-Kincaid grade + 5).

    Returns None for text too short to judge.
    """
    words = re.findall(r"[A-Za-z']+", text or "")
    if len(words) < 5:
        return None
    sentences = max(1, len(re.findall(r"[.!?]+(\s|$)", text.strip())) or 1)
    syllables = sum(_syllables(word) for word in words)
    grade = 0.39 * (len(words) / sentences) + 11.8 * (syllables / len(words)) - 15.59
    return max(5, round(grade + 5))
