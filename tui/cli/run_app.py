"""Start the Textual app (the only CLI path that imports Textual)."""

from __future__ import annotations


def run_app(*, demo: bool = False) -> int:
    from tui.app import make_app
    from tui.cli.common import load_config, open_store

    config = load_config()
    if demo:
        from tui.demo import prepare_demo

        store = prepare_demo(config)
    else:
        store = open_store(config, session=None)  # this window's own undo
    if config.image_renderer == "auto":
        from tui.widgets import figure_view

        # textual-image asks the terminal about sixel/kitty graphics when imported: that
        # must happen before Textual owns stdin. The other renderers import it later.
        figure_view.prepare("auto")
    app = make_app(config, store, demo=demo)
    app.run()
    return app.return_code or 0
