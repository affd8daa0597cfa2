"""Times ``newscli show ID`` of an article with a stored feature image under a
pseudo-terminal (100x40, truecolor), where the image is drawn, beside ``--no-image`` on
the same terminal and the piped page (where Pillow is never imported).

    .venv/bin/python benchmarks/show_image.py [--newscli PATH] [--runs 9]

The image is a 1600x900 JPEG of noise over gradients, about what a news site serves.
Prints a Markdown table of medians; the target (issue 15) is 0.35 s with the image.
"""

from __future__ import annotations

import argparse
import fcntl
import io
import os
import pty
import random
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

TARGET = 0.35


def photo() -> bytes:
    """A 1600x900 JPEG that compresses like a photograph."""
    rng = random.Random(15)  # noqa: S311 (made-up pictures, not secrets)
    image = Image.linear_gradient("L").resize((1600, 900)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(300):
        x, y, r = rng.randrange(1600), rng.randrange(900), rng.randrange(10, 120)
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)
    noise = Image.effect_noise((1600, 900), 40).convert("RGB")
    image = Image.blend(image.filter(ImageFilter.GaussianBlur(3)), noise, 0.25)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def in_terminal(cmd: list[str], env: dict[str, str]) -> float:
    """Seconds ``cmd`` takes with a 100x40 pseudo-terminal as its stdin, stdout and stderr."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    drained = threading.Thread(target=_drain, args=(master,), daemon=True)
    drained.start()
    start = time.perf_counter()
    done = subprocess.run(cmd, stdin=slave, stdout=slave, stderr=slave, env=env, check=False)
    took = time.perf_counter() - start
    os.close(slave)
    drained.join(5)
    os.close(master)
    if done.returncode:
        raise SystemExit(f"{cmd} failed with {done.returncode}")
    return took


def _drain(fd: int) -> None:
    try:
        while os.read(fd, 65536):
            pass
    except OSError:
        pass  # the terminal's other end closed


def piped(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, env=env, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--newscli", default=shutil.which("newscli") or "newscli")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="newscli-show-image-"))
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(work),
        "NEWSCLI_HOME": str(work / "data"),
        "NEWSCLI_CACHE": str(work / "cache"),
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "LANG": "C.UTF-8",
    }
    added = subprocess.run(
        [args.newscli, "add", "--title", "Harbour lights", "--body", "Back on.", "--image",
         "https://example.org/a.jpg", "--no-images"],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    article_id = added.stdout.strip()
    (work / "data" / "media").mkdir(mode=0o700)
    (work / "data" / "media" / f"{article_id}.jpg").write_bytes(photo())
    show = [args.newscli, "show", article_id, "--no-pager"]
    rows = [
        ("`show ID` on a terminal, image drawn", in_terminal, show),
        ("`show ID --no-image` on a terminal", in_terminal, [*show, "--no-image"]),
        ("`show ID` piped", piped, show),
    ]
    print(f"newscli {args.newscli}, {args.runs} runs after a warm-up, medians\n")
    print("| operation | median | fastest | target |\n|---|---|---|---|")
    for name, how, cmd in rows:
        how(cmd, env)
        times = [how(cmd, env) for _ in range(args.runs)]
        target = f"<= {TARGET} s" if "image drawn" in name else "-"
        print(f"| {name} | {statistics.median(times):.3f} s | {min(times):.3f} s | {target} |")
    shutil.rmtree(work)


if __name__ == "__main__":
    sys.exit(main())
