"""py-spy profiles of the server's workers during a benchmark, summarised by package and function
(used by `bench/review_http.py --profile`)."""

from __future__ import annotations

import collections
import os
import shutil
import subprocess
import sys
from pathlib import Path

from bench._common import ROOT


def start_profiler(args, master_pid: int, folder: str) -> tuple[subprocess.Popen, str] | None:
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(py_spy).exists():
        print("profile : py-spy not found (pip install py-spy); no profile")
        return None
    out = os.path.join(folder, "profile.txt")
    command = [
        py_spy,
        "record",
        "--pid",
        str(master_pid),
        "--subprocesses",
        "--nonblocking",
        "--rate",
        str(args.profile_rate),
        "--duration",
        str(int(args.duration)),
        "--format",
        "raw",
        "--output",
        out,
        "--full-filenames",
    ]
    if args.profile_mode == "gil":
        command.append("--gil")  # only samples holding the GIL: Python CPU, not waits
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return proc, out


PACKAGES = [
    ("jinja2", "jinja2 (templates)"),
    ("/templates/", "jinja2 (templates)"),
    ("sqlalchemy", "sqlalchemy"),
    ("psycopg", "psycopg"),
    ("sqlite3", "sqlite3"),
    ("werkzeug", "werkzeug"),
    ("flask_login", "flask-login"),
    ("flask_wtf", "flask-wtf"),
    ("wtforms", "flask-wtf"),
    ("flask_limiter", "flask-limiter"),
    ("limits", "flask-limiter"),
    ("flask_sqlalchemy", "flask-sqlalchemy"),
    ("/flask/", "flask"),
    ("itsdangerous", "itsdangerous"),
    ("fsrs", "fsrs"),
    ("gunicorn", "gunicorn"),
    ("/trainer/", "trainer (app code)"),
    ("json", "json"),
    ("markupsafe", "markupsafe"),
    ("redis", "redis"),
]


def package_of(frame: str) -> str:
    for needle, name in PACKAGES:
        if needle in frame:
            return name
    return "python stdlib / other"


def report_profile(path: str, top: int) -> None:
    lines = Path(path).read_text().splitlines() if Path(path).exists() else []
    total = 0
    by_package: collections.Counter = collections.Counter()
    inclusive: collections.Counter = collections.Counter()
    self_time: collections.Counter = collections.Counter()
    by_app: collections.Counter = collections.Counter()
    for line in lines:
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        frames = stack.split(";")
        frames = [f for f in frames if not f.startswith("process ") and not f.startswith("thread ")]
        if not frames:
            continue
        total += n
        leaf = frames[-1]
        self_time[leaf] += n
        by_package[package_of(leaf)] += n
        for frame in set(frames):
            inclusive[frame] += n
        app_frame = next(
            (f for f in reversed(frames) if "/trainer/" in f or "/templates/" in f),
            "(outside app code)",
        )
        by_app[app_frame] += n
    if not total:
        print("  (no samples: py-spy may lack permission to attach, see ptrace settings)")
        return
    print(f"  {total} samples")
    print("  self time by package:")
    for name, n in by_package.most_common(12):
        print(f"    {100 * n / total:5.1f}%  {name}")
    print(f"  heaviest functions, inclusive (excluding frames in > 97% of samples), top {top}:")
    shown = 0
    for frame, n in inclusive.most_common():
        if n > 0.97 * total:
            continue
        print(f"    {100 * n / total:5.1f}%  {short(frame)}")
        shown += 1
        if shown >= top:
            break
    print("  by innermost app function (trainer/ or templates/ frame nearest the leaf), top 20:")
    for frame, n in by_app.most_common(20):
        print(f"    {100 * n / total:5.1f}%  {short(frame)}")
    print("  heaviest functions, self time, top 15:")
    for frame, n in self_time.most_common(15):
        print(f"    {100 * n / total:5.1f}%  {short(frame)}")


def short(frame: str) -> str:
    import sysconfig

    for prefix in (sysconfig.get_paths()["purelib"], sysconfig.get_paths()["stdlib"], str(ROOT)):
        frame = frame.replace(prefix + "/", "")
    return frame[:150]


