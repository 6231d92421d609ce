"""The reader's header line: the stages (current, open, locked) and the time spent."""

from __future__ import annotations

from textual.widgets import Static


class HeaderLine(Static):
    """Its component classes style the header's parts (and the section line under it).

    It mounts with the reader's body, after the app's first frame: Textual styles every
    component class of every widget it draws, and the first frame needs none of these.
    """

    COMPONENT_CLASSES = {
        "header-line--current",
        "header-line--open",
        "header-line--locked",
        "header-line--time",
        "header-line--time-warn",
        "header-line--section",
    }
