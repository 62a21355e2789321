"""The HTML view: escaped, right to left, displaCy-like highlights; rendered in headless Chromium."""

import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser

import pytest
from test_export_formats import TEXT, sample_doc

from marsad.model.export import highlight, write_documents
from marsad.model.schema import Document, Entity

# The CSS colours of the three labels (model/templates/report.html).
COLOURS = {"ACTOR": (0x7A, 0xEC, 0xEC), "COUNT": (0xC5, 0xB4, 0xFC), "LOC": (0xFE, 0xCA, 0x74)}
WIDTH, HEIGHT = 1200, 900


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.marks, self.attrs = [], [], []
        self._in_mark = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [name for name, _ in attrs]
        if tag == "mark":
            self.marks.append(dict(attrs)["class"])


def test_page_is_rtl_arabic_with_marks_for_every_entity(tmp_path):
    path = tmp_path / "events.html"
    write_documents(iter([(sample_doc(), TEXT)]), "html", path)
    page = path.read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in page
    parser = _Tags()
    parser.feed(page)
    doc_marks = [m for m in parser.marks[3:]]  # the first three are the legend
    assert doc_marks.count("ent ent-actor") == 2 and doc_marks.count("ent ent-count") == 4
    assert doc_marks.count("ent ent-loc") == 2
    assert "Hajin" in page and "Islamic State (Syria)" in page and "CC BY 4.0" in page
    assert page.count("<tr>") == 3  # header + two events


def test_text_and_ids_cannot_inject_markup(tmp_path):
    evil = 'قتل <script>alert("x")</script> <img src=x onerror=alert(1)> في "حلب" & <b>'
    doc = Document(id='"><script>alert(2)</script>', entities=[Entity(label="LOC", start=evil.index("حلب"),
                                                                          end=evil.index("حلب") + 3, text="حلب")])
    path = tmp_path / "evil.html"
    write_documents(iter([(doc, evil)]), "html", path)
    page = path.read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(page)
    assert "script" not in parser.tags and "img" not in parser.tags and "b" not in parser.tags
    assert "onerror" not in parser.attrs
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_highlight_skips_overlapping_and_out_of_range_spans():
    text = "قوات النظام في حلب"
    doc = Document(entities=[
        Entity(label="ACTOR", start=0, end=11, text=text[0:11]),
        Entity(label="ACTOR", start=5, end=11, text=text[5:11]),  # overlaps the first
        Entity(label="LOC", start=15, end=99, text="?"),  # past the end
        Entity(label="LOC", start=15, end=18, text=text[15:18]),
        Entity(label="PER", start=12, end=14, text=text[12:14]),  # another tagger's label: grey
    ])
    out = highlight(text, doc)
    assert out.count("<mark") == 3 and 'class="ent ent-other"' in out
    assert out.replace('<span class="ent-label">ACTOR</span>', "").count("قوات النظام") == 1


# ------------------------------------------------------------------ headless Chromium screenshot


def _read_png(path):
    """Decode an 8-bit RGB/RGBA, non-interlaced PNG with the standard library: (width, height, rows)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up, up_left = previous[x], previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                line[x] = (line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else up_left)) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def _colour_pixels(rows, channels, colour):
    target = bytes(colour)
    return sum(
        1 for row in rows for x in range(0, len(row), channels) if row[x : x + 3] == target
    )


def _chromium():
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def test_chromium_screenshot_shows_the_highlights(tmp_path):
    browser = _chromium()
    if browser is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    page = tmp_path / "events.html"
    write_documents(iter([(sample_doc(), TEXT)]), "html", page)
    shot = tmp_path / "shot.png"
    command = [
        browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}", f"--window-size={WIDTH},{HEIGHT}",
        page.as_uri(),
    ]
    subprocess.run(command, capture_output=True, timeout=60, check=False)
    assert shot.exists(), "chromium wrote no screenshot"
    width, height, channels, rows = _read_png(shot)
    assert (width, height) == (WIDTH, HEIGHT)
    for label, colour in COLOURS.items():
        # The legend alone shows each colour (about 1,800 pixels each); the highlights in the report add more.
        assert _colour_pixels(rows, channels, colour) > 4000, f"no {label} highlight in the screenshot"
