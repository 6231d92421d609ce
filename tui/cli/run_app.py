"""Start the Textual app (the only CLI path that imports Textual)."""

from __future__ import annotations


def run_app(*, demo: bool = False) -> int:
    import sys

    # Threads (the demo's state being written, the warm-up, a PDF being read, a figure being
    # drawn) hand the interpreter back to the event loop after 1 ms, not 5: a key waits for
    # them that much less, and so does the start.
    sys.setswitchinterval(0.001)
    from tui.cli.common import load_config, open_store

    config = load_config()
    if demo:
        # The demo's state is rebuilt on every start: that is disk writes (and their fsync),
        # done in a thread while Textual loads, not before it.
        from concurrent.futures import ThreadPoolExecutor

        from tui.demo import prepare_demo

        with ThreadPoolExecutor(1, thread_name_prefix="demo") as pool:
            prepared = pool.submit(prepare_demo, config)
            from tui.app import make_app

            store = prepared.result()
    else:
        from tui.app import make_app

        store = open_store(config, session=None)  # this window's own undo
    if config.image_renderer == "auto":
        from tui.widgets import figure_view

        # textual-image asks the terminal about sixel/kitty graphics when imported: that
        # must happen before Textual owns stdin. The other renderers import it later.
        figure_view.prepare("auto")
    from tui.keys import install_parser

    install_parser()
    app = make_app(config, store, demo=demo)
    app.run()
    return app.return_code or 0
