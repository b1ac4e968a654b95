"""Assertions shared by the reliability tests."""

from __future__ import annotations

from click.testing import Result


def assert_one_line_error(result: Result, code: int, fragment: str = "") -> str:
    """Exit ``code``, one line on stderr starting ``dptclean: error:``, no traceback."""
    assert result.exit_code == code, (result.exit_code, result.output)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("dptclean: error: "), lines[0]
    assert fragment in lines[0], lines[0]
    assert "Traceback" not in result.output
    return lines[0]
