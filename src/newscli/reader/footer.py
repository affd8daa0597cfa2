"""A footer that rebuilds its keys only when the keys it shows change.

Textual's Footer recomposes all its keys whenever its screen's bindings are refreshed
(on every mount, focus change and screen switch), several times while an article opens;
the keys shown rarely differ, so this one compares first.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.screen import Screen
from textual.widgets import Footer


def _shown(screen: Screen[object]) -> tuple[Hashable, ...]:
    """What the footer draws for ``screen``: each shown binding's key, text and state."""
    return tuple(
        (binding.key, binding.description, binding.action, enabled, tooltip)
        for _node, binding, enabled, tooltip in screen.active_bindings.values()
        if binding.show
    )


class SteadyFooter(Footer):
    """A compact Footer that skips recomposing when its keys are the ones already shown."""

    _drawn: tuple[Hashable, ...] | None = None

    def __init__(self) -> None:
        super().__init__(compact=True)

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen and screen.app.app_focus:
            shown = _shown(screen)
            if shown == self._drawn:
                return
            self._drawn = shown
        super().bindings_changed(screen)
