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
        store = open_store(config)
    from tui.widgets import figure_view

    figure_view.prepare(config.image_renderer)  # terminal queries, before Textual owns stdin
    app = make_app(config, store, demo=demo)
    app.run()
    return app.return_code or 0
