"""Run the command sessions pasted in the docs again and put their real output back.

A *session* is a fenced block in README.md or docs/*.md with lines that start with
``$ ``: each is a command, and the lines after it, up to the next command or the end
of the block, are what it printed (stdout and stderr, as a terminal shows them). A
block whose commands show no output at all is a list of examples and is not run (to
add a session, write any line under its first command, and run this script).

Every session of a file runs in order, in one shell, in a scratch folder that holds a
copy of the repository (so ``mandates/...`` and ``tests/synthetic.py`` are there, and
nothing a session writes lands in the checkout). A file a session shows with
``$ cat F`` or ``$ cat -n F`` but never creates is written from what the doc shows
first, so the doc is the source of its own inputs.

A block whose output depends on the machine is marked by a comment on the line
before its fence: ``<!-- output varies: why -->`` (a time limit) runs with the
others, so that the files it writes are there for the next, but its output is
neither compared nor rewritten, except with ``--all``; ``<!-- not rerun: why -->``
(timings, a git remote) is not run at all, except with ``--all``.

    python scripts/sessions.py            # rewrite every stable session's output
    python scripts/sessions.py --all      # ... and the machine-dependent ones too
    python scripts/sessions.py --check    # list sessions whose pasted output is stale
    python scripts/sessions.py --check docs/cli.md   # only that file

``tests/test_sessions.py`` runs the check, so a pasted output cannot go stale.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILES = ["README.md", *sorted(f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md"))]
MARKED = re.compile(r"^<!-- (not rerun|output varies): (.+?) -->$")
MARK = "@@forcesize-session-output {}@@"
TIMEOUT = 900
"""Seconds for all the sessions of one file."""


@dataclass
class Command:
    line: int
    """Index of the ``$ `` line in the file's lines."""
    text: str
    output: list[str] = field(default_factory=list)


@dataclass
class Block:
    commands: list[Command]
    marked: tuple[str, str] | None
    """``("not rerun" | "output varies", why)`` from the comment before the fence."""

    @property
    def examples(self) -> bool:
        return not any(c.output for c in self.commands)


def blocks(lines: list[str]) -> list[Block]:
    """The fenced blocks of ``lines`` that hold at least one ``$ `` command."""
    found, i = [], 0
    while i < len(lines):
        if not lines[i].startswith("```"):
            i += 1
            continue
        start = i
        i += 1
        while i < len(lines) and not lines[i].startswith("```"):
            i += 1
        body = range(start + 1, i)
        commands: list[Command] = []
        for j in body:
            if lines[j].startswith("$ "):
                commands.append(Command(j, lines[j][2:]))
            elif commands:
                commands[-1].output.append(lines[j])
        if commands and lines[start + 1].startswith("$ "):
            before = next((lines[k] for k in range(start - 1, -1, -1) if lines[k].strip()), "")
            mark = MARKED.match(before.strip())
            found.append(Block(commands, mark.groups() if mark else None))
        i += 1
    return found


_CAT = re.compile(r"^cat( -n)? ([\w.\-/]+)$")


def _inputs(block: Block, folder: Path) -> None:
    """Write the files the block shows with ``cat`` and that do not exist yet."""
    for command in block.commands:
        match = _CAT.match(command.text)
        if not match or (folder / match.group(2)).exists():
            continue
        lines = command.output
        if match.group(1):
            lines = [re.sub(r"^\s*\d+(\t|$)", "", line, count=1) for line in lines]
        target = folder / match.group(2)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def _scratch() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="forcesize-sessions-"))
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                            check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / name)
    return folder


def _environment(folder: Path) -> dict[str, str]:
    venv = Path(sys.executable).parent
    return {"PATH": f"{venv}{os.pathsep}/usr/local/bin{os.pathsep}/usr/bin{os.pathsep}/bin",
            "HOME": str(folder), "LANG": "C.UTF-8", "TERM": "xterm-256color",
            "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1", "PYTHONHASHSEED": "1"}


def run(file: str, chosen: list[Block]) -> dict[int, list[str]]:
    """Run the chosen blocks of one file in order in one shell; the output of each
    command, by the index of its ``$ `` line."""
    folder = _scratch()
    try:
        script = ["umask 022"]
        for block in chosen:
            _inputs(block, folder)
            for command in block.commands:
                # the marker keeps $? for the command after it (`$ echo $?`)
                script += [f"__status=$?; printf '\\n{MARK.format(command.line)}\\n'; "
                           "(exit $__status)", command.text]
        # its own process group, so that an overrun stops every command it started
        with subprocess.Popen(["bash", "-c", "\n".join(script) + "\n"], cwd=folder,
                              env=_environment(folder), stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              start_new_session=True) as shell:
            try:
                stdout, _ = shell.communicate(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(shell.pid, signal.SIGKILL)
                shell.communicate()
                raise
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    text = stdout.decode("utf-8", errors="replace").replace(str(folder) + "/", "")
    outputs: dict[int, list[str]] = {}
    parts = re.split("\n" + MARK.format(r"(\d+)") + "\n", "\n" + text)
    for index, body in zip(parts[1::2], parts[2::2], strict=True):
        lines = body.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        outputs[int(index)] = [line.rstrip() for line in lines]
    return outputs


def stale(file: str, every: bool) -> tuple[list[str], list[str], dict[int, list[str]]]:
    """The file's lines, a description of each session whose pasted output differs from
    a new run, and the new outputs."""
    lines = (ROOT / file).read_text(encoding="utf-8").split("\n")
    chosen = [b for b in blocks(lines) if not b.examples and
              (every or b.marked is None or b.marked[0] == "output varies")]
    if not chosen:
        return lines, [], {}
    outputs = run(file, chosen)
    differ = []
    for block in chosen:
        if block.marked and not every:
            for command in block.commands:
                outputs.pop(command.line, None)
            continue
        for command in block.commands:
            got = outputs.get(command.line)
            want = [line.rstrip() for line in command.output]
            if got != want:
                differ.append(f"{file}:{command.line + 1}: $ {command.text}\n"
                              + _difference(want, got))
    return lines, differ, outputs


def _difference(want: list[str], got: list[str] | None) -> str:
    import difflib

    if got is None:
        return "    (the command did not run: an earlier command ended the shell)\n"
    diff = difflib.unified_diff(want, got, "pasted", "now", n=1, lineterm="")
    return "".join(f"    {line}\n" for line in list(diff)[:40])


def rewrite(lines: list[str], outputs: dict[int, list[str]]) -> str:
    out: list[str] = []
    skipping = False
    for i, line in enumerate(lines):
        if i in outputs:
            out.append(line)
            out += outputs[i]
            skipping = True
            continue
        if skipping and (line.startswith("$ ") or line.startswith("```")):
            skipping = False
        if not skipping:
            out.append(line)
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", default=FILES)
    parser.add_argument("--check", action="store_true", help="report, do not rewrite")
    parser.add_argument("--all", action="store_true",
                        help="rewrite the machine-dependent sessions too")
    args = parser.parse_args(argv)
    failed = []
    for file in args.files:
        try:
            lines, differ, outputs = stale(file, every=args.all and not args.check)
        except subprocess.TimeoutExpired:
            # README's benchmark block under --all took longer than that on a busy machine
            print(f"{file}: its sessions ran longer than {TIMEOUT:g} s; nothing was "
                  "rewritten (set TIMEOUT in scripts/sessions.py)", file=sys.stderr)
            return 2
        failed += differ
        if not args.check and differ:
            (ROOT / file).write_text(rewrite(lines, outputs), encoding="utf-8")
            print(f"rewrote {len(differ)} output(s) in {file}", file=sys.stderr)
    if args.check and failed:
        print("".join(failed), end="")
        print(f"{len(failed)} pasted output(s) differ from a new run; "
              "`python scripts/sessions.py` writes them again", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
