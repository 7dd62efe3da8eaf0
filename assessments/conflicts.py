"""Plans import the conflict page from here; it is cases.conflicts', shared with every edit."""

from cases.conflicts import save_or_show_conflict

__all__ = ["save_or_show_conflict"]
