"""A persistent PDF render process: `python -m dewan.documents.worker`, started by
the render pool of dewan.documents.parallel.

It reads requests from stdin and answers on stdout, each message a 4-byte big-endian length
followed by a pickle (the parent is the only writer: these pipes are private to it):

    request  {"html": str}
    answer   {"ok": True, "content": bytes, "page_count": int, "refused": [url, ...]}
             {"ok": False, "error": str}

The first message it writes is {"ok": True, "ready": True}, once Django (for the static-file
finders of our URL fetcher), WeasyPrint and the fonts are loaded. It renders with the same
StaticOnlyFetcher as in-process rendering; refused URLs travel back in the answer.

It exits when stdin reaches end of file, i.e. as soon as its parent closes the pipe or dies
(even by SIGKILL: the kernel closes the dead parent's end). A render in progress when that
happens finishes, its answer fails with a broken pipe, and the process exits.

Garbage collection: everything loaded at start is frozen (gc.freeze), the collector is off
during a render and a full collection runs only while no request is waiting.
"""

from __future__ import annotations

import gc
import os
import pickle
import select
import struct
import sys

HEADER = struct.Struct(">I")


def read_message(fd: int):
    """The next message on the file descriptor, or None at end of file."""
    header = _read_exactly(fd, HEADER.size)
    if header is None:
        return None
    (length,) = HEADER.unpack(header)
    body = _read_exactly(fd, length)
    if body is None:
        return None
    return pickle.loads(body)


def write_message(fd: int, message) -> None:
    body = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    data = memoryview(HEADER.pack(len(body)) + body)
    while data:
        written = os.write(fd, data)
        data = data[written:]


def _read_exactly(fd: int, size: int) -> bytes | None:
    chunks, remaining = [], size
    while remaining:
        chunk = os.read(fd, min(remaining, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def serve(in_fd: int, out_fd: int) -> None:
    from dewan.documents.render import render_html

    render_html("<p>.</p>")  # load WeasyPrint's user-agent stylesheet and the fonts
    gc.collect()
    gc.freeze()
    write_message(out_fd, {"ok": True, "ready": True})
    while True:
        request = read_message(in_fd)
        if request is None:
            return
        gc.disable()
        try:
            rendered = render_html(request["html"])
            answer = {"ok": True, "content": rendered.content,
                      "page_count": rendered.page_count, "refused": list(rendered.refused)}
        except Exception as exc:  # reported to the parent, which renders in-process instead
            answer = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
        finally:
            gc.enable()
        try:
            write_message(out_fd, answer)
        except BrokenPipeError:
            return
        del answer, request
        if not select.select([in_fd], [], [], 0)[0]:
            gc.collect()  # idle: nobody waits for us


def main() -> None:
    # The protocol owns the real stdout; anything printed goes to stderr instead.
    out_fd = os.dup(1)
    os.dup2(2, 1)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dewan.project.settings")
    import django

    django.setup()
    serve(0, out_fd)


if __name__ == "__main__":
    main()
    sys.exit(0)
