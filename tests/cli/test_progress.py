"""The spinner: on a terminal's stderr, only once a solve has run for a while.

``sys.stderr`` is replaced inside each test body: pytest re-installs its own
capture between fixture setup and the test call.
"""

from __future__ import annotations

import io
import time

from forcesize.cli import output as cli


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _on_terminal(monkeypatch) -> _Terminal:
    err = _Terminal()
    monkeypatch.setattr("sys.stderr", err)
    monkeypatch.delenv("TERM", raising=False)
    return err


def test_a_long_solve_shows_a_spinner_on_a_terminal(monkeypatch):
    err = _on_terminal(monkeypatch)
    monkeypatch.setattr(cli, "SPINNER_AFTER", 0.05)
    with cli.progress("Solving…"):
        time.sleep(0.6)
    assert "Solving…" in err.getvalue()


def test_a_quick_solve_shows_nothing(monkeypatch):
    err = _on_terminal(monkeypatch)
    with cli.progress("Solving…"):
        pass
    assert err.getvalue() == ""


def test_no_spinner_on_a_dumb_terminal_or_a_pipe(monkeypatch):
    err = _on_terminal(monkeypatch)
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setattr(cli, "SPINNER_AFTER", 0.0)
    with cli.progress("Solving…"):
        time.sleep(0.2)
    assert err.getvalue() == ""
    piped = io.StringIO()
    monkeypatch.setattr("sys.stderr", piped)
    with cli.progress("Solving…"):
        time.sleep(0.2)
    assert piped.getvalue() == ""
