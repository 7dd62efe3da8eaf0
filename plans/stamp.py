"""The running header and footer of a printed plan, stamped on each download.

The body of a plan is rendered once per revision and cached (plans.pdf). Who printed it and when
differ on every download, so they are drawn on afterwards: the stamp appends one content stream
to each page, after the body, holding the running header, the marking, the "Printed ... by ..."
line and the page number. It is marked as an /Artifact, so the tagged structure still describes
only the plan, and text tools and screen readers read the plan first and the stamp last.

The stamp is an incremental update of the cached file, so the plan's own bytes are copied, not
parsed and written again. Its text is Liberation Sans, subset once per process to the Latin,
Greek and Cyrillic alphabets; each download gives the characters it uses one-byte codes.
"""

import functools
import io
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, NumberObject

FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
FONTS = {"/SosStampRegular": "LiberationSans-Regular", "/SosStampBold": "LiberationSans-Bold"}
# Latin with its extensions, Greek, Cyrillic, punctuation and the euro: the names of staff and
# children as they are written. Anything else prints as "?".
UNICODES = [*range(0x20, 0x250), *range(0x370, 0x460), *range(0x2000, 0x2070), 0x20AC]
FIRST_CODE, LAST_CODE = 32, 255  # the codes a download's text is given, one per character
MM = 72 / 25.4
SIDE_MARGIN = 18 * MM
HEADER_BASELINE = 22 * MM  # from the top of the page, 4 mm above the body's top margin
FOOTER_BASELINE = 20 * MM - 9  # from the bottom, 4 mm below the body's bottom margin
GREY, BLACK = "0.314 0.353 0.373 rg", "0.043 0.047 0.047 rg"


class Font:
    """One embedded font: the subset's bytes, its glyphs' names and widths, its metrics."""

    def __init__(self, name):
        font = TTFont(FONT_DIR / f"{name}.ttf")
        file = _subset(font)
        self.name = name
        self.length, self.compressed = len(file), zlib.compress(file)
        scale = 1000 / font["head"].unitsPerEm
        self.glyphs = font.getBestCmap()  # code point -> glyph name
        metrics = font["hmtx"].metrics
        self.advance = {
            point: round(metrics[glyph][0] * scale) for point, glyph in self.glyphs.items()
        }
        os2, head = font["OS/2"], font["head"]
        self.metrics = {
            "/Ascent": round(os2.sTypoAscender * scale),
            "/Descent": round(os2.sTypoDescender * scale),
            "/CapHeight": round(getattr(os2, "sCapHeight", 700) * scale),
        }
        self.bbox = [round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)]

    def width(self, text, size):
        return sum(map(self.advance.__getitem__, map(ord, printable(text)))) * size / 1000


def _subset(font):
    # The stamp draws plain text one glyph per character: no kerning, ligatures or hinting.
    options = subset.Options(notdef_outline=True, name_IDs=["*"], hinting=False)
    options.drop_tables += ["FFTM", "GSUB", "GPOS", "GDEF", "kern"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=UNICODES)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@functools.cache
def fonts():
    return {resource: Font(name) for resource, name in FONTS.items()}


@functools.cache
def drawable():
    """The characters every stamp font has."""
    return frozenset.intersection(*(frozenset(map(chr, f.glyphs)) for f in fonts().values()))


def printable(text):
    """The text as the stamp draws it: control characters as spaces, unknown ones as "?"."""
    drawn = drawable()
    if drawn.issuperset(text):  # nearly always: it is drawn as it is
        return text
    return "".join(c if c in drawn else ("?" if c.isprintable() else " ") for c in text)


def character_codes(*texts):
    """A one-byte code for each character the texts use (a PDF simple font has 224)."""
    characters = sorted(set("?" + printable("".join(texts))))
    if len(characters) > LAST_CODE - FIRST_CODE + 1:
        characters = sorted(c for c in characters if c.isascii())
    return {c: FIRST_CODE + i for i, c in enumerate(characters)}


def pdf_string(text, codes):
    drawn = printable(text)
    if codes.keys() >= set(drawn):  # every character has its code: no "?" to put in
        encoded = bytes(map(codes.__getitem__, drawn))
    else:
        encoded = bytes(codes.get(c, codes["?"]) for c in drawn)
    escaped = encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"(" + escaped + b")"


def wrap(text, font, size, width):
    """The text in lines that fit the width, broken between words."""
    lines = [""]
    for word in text.split():
        candidate = f"{lines[-1]} {word}".strip()
        if lines[-1] and font.width(candidate, size) > width:
            lines.append(word)
        else:
            lines[-1] = candidate
    return lines


def stamp_pdf(body, *, header, footer, marking="OFFICIAL-SENSITIVE"):
    """The PDF `body` with the header, marking, footer and "Page n of m" on every page."""
    layout = _layout(body)
    update = Update(body, layout)
    total = len(layout.pages)
    codes = character_codes(header, footer, marking, f"Page 0123456789 of {total}")
    font_refs = {resource: update.add_font(font, codes) for resource, font in fonts().items()}
    for number, page in enumerate(layout.pages, start=1):
        drawing = _drawing(
            page.width, page.height, header, footer, marking, f"Page {number} of {total}", codes
        )
        update.stamp_page(page, drawing, font_refs)
    return update.write()


@dataclass(frozen=True)
class Page:
    number: int  # its object number
    entries: dict  # its dictionary, references unresolved
    resources: dict
    fonts: dict
    contents: list
    width: float
    height: float


@dataclass(frozen=True)
class Layout:
    trailer: dict  # the entries an update's trailer repeats: /Root, /Info, /ID
    size: int
    startxref: int
    pages: list


@functools.lru_cache(maxsize=16)
def _layout(body):
    """What the stamp needs to know of a cached PDF: its pages and trailer.

    Kept for the process, for the 16 files read last: every download of a revision stamps the
    same body, and reading it was a third of the work. Stamping never changes what this returns.
    """
    reader = PdfReader(io.BytesIO(body))
    trailer = {
        key: dict.__getitem__(reader.trailer, key)
        for key in ("/Root", "/Info", "/ID")
        if key in reader.trailer
    }
    pages = []
    for page in reader.pages:
        resources = page["/Resources"].get_object()
        contents = dict.__getitem__(page, "/Contents")
        width, height = (float(v) for v in page.mediabox.upper_right)
        pages.append(
            Page(
                number=page.indirect_reference.idnum,
                entries=dict(dict.items(page)),
                resources=dict(dict.items(resources)),
                fonts=dict(dict.items(resources.get("/Font", DictionaryObject()).get_object())),
                contents=list(contents) if isinstance(contents, ArrayObject) else [contents],
                width=width,
                height=height,
            )
        )
    return Layout(
        trailer=trailer,
        size=int(reader.trailer["/Size"]),
        startxref=int(body[body.rindex(b"startxref") + 9 :].split()[0]),
        pages=pages,
    )


class Update:
    """An incremental update of a PDF: new and changed objects appended after its end, with
    a cross-reference stream for them, so the body is neither parsed whole nor written again."""

    def __init__(self, body, layout):
        self.body, self.layout = body, layout
        self.next_number = layout.size
        self.objects = {}  # object number -> its serialised body

    def put(self, value, number=None):
        """Add (or, with `number`, replace) an object; returns its reference."""
        if number is None:
            number, self.next_number = self.next_number, self.next_number + 1
        self.objects[number] = _serialised(value)
        return IndirectObject(number, 0, None)

    def put_stream(self, data, **entries):
        """Add a stream of data already compressed with zlib."""
        head = {"/Length": NumberObject(len(data)), "/Filter": NameObject("/FlateDecode")}
        return self.put(_Stream(_dictionary({**head, **entries}), data))

    def stamp_page(self, page, drawing, font_refs):
        """Draw after the page's own content, in a clean graphics state, with the fonts."""
        resources = _dictionary(page.resources)
        resources[NameObject("/Font")] = _dictionary({**page.fonts, **font_refs})
        changed = _dictionary(page.entries)
        changed[NameObject("/Resources")] = resources
        changed[NameObject("/Contents")] = ArrayObject(
            [
                self.put_stream(zlib.compress(b"q\n")),
                *page.contents,
                self.put_stream(zlib.compress(b"\nQ\n" + drawing + b"\n")),
            ]
        )
        self.put(changed, number=page.number)

    def add_font(self, font, codes):
        """The font, with the download's characters at `codes`, and their Unicode values."""
        base_font = NameObject(f"/SOSSTP+{font.name}")
        file_stream = self.put_stream(font.compressed, **{"/Length1": NumberObject(font.length)})
        descriptor = {
            "/Type": NameObject("/FontDescriptor"),
            "/FontName": base_font,
            "/Flags": NumberObject(32),
            "/ItalicAngle": NumberObject(0),
            "/StemV": NumberObject(80),
            "/FontFile2": file_stream,
            "/FontBBox": ArrayObject([NumberObject(v) for v in font.bbox]),
            **{key: NumberObject(value) for key, value in font.metrics.items()},
        }
        font_dict = {
            "/Type": NameObject("/Font"),
            "/Subtype": NameObject("/TrueType"),
            "/BaseFont": base_font,
            "/FirstChar": NumberObject(min(codes.values())),
            "/LastChar": NumberObject(max(codes.values())),
            "/Widths": ArrayObject([NumberObject(font.advance[ord(c)]) for c in codes]),
            "/Encoding": _dictionary(
                {
                    "/Type": NameObject("/Encoding"),
                    "/Differences": ArrayObject(
                        [NumberObject(min(codes.values()))]
                        + [NameObject(f"/{font.glyphs[ord(c)]}") for c in codes]
                    ),
                }
            ),
            "/ToUnicode": self.put_stream(zlib.compress(to_unicode(codes))),
            "/FontDescriptor": self.put(_dictionary(descriptor)),
        }
        return self.put(_dictionary(font_dict))

    def write(self):
        """The body, then the new objects and a cross-reference stream that points to them
        and back to the body's own (/Prev)."""
        out = io.BytesIO()
        out.write(self.body if self.body.endswith(b"\n") else self.body + b"\n")
        offsets = {}
        for number, value in self.objects.items():
            offsets[number] = out.tell()
            out.write(b"%d 0 obj\n%s\nendobj\n" % (number, value))
        xref_number = self.next_number
        offsets[xref_number] = xref_offset = out.tell()
        numbers = sorted(offsets)
        entries = {
            **self.layout.trailer,
            "/Type": NameObject("/XRef"),
            "/Size": NumberObject(xref_number + 1),
            "/Prev": NumberObject(self.layout.startxref),
            "/Index": ArrayObject(NumberObject(v) for n in numbers for v in (n, 1)),
            "/W": ArrayObject([NumberObject(1), NumberObject(4), NumberObject(1)]),
        }
        rows = b"".join(struct.pack(">BIB", 1, offsets[n], 0) for n in numbers)
        xref = _Stream(_dictionary({**entries, "/Length": NumberObject(len(rows))}), rows)
        out.write(b"%d 0 obj\n%s\nendobj\n" % (xref_number, _serialised(xref)))
        out.write(b"startxref\n%d\n%%%%EOF\n" % xref_offset)
        return out.getvalue()


def to_unicode(codes):
    """A CMap from each code to its character, so the text copies and reads aloud as written."""
    pairs = [f"<{code:02X}> <{ord(c):04X}>" for c, code in codes.items()]
    blocks = "\n".join(
        f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar"
        for chunk in (pairs[i : i + 100] for i in range(0, len(pairs), 100))
    )
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
        f"{blocks}\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode()


def _dictionary(entries):
    return DictionaryObject({NameObject(key): value for key, value in entries.items()})


@dataclass(frozen=True)
class _Stream:
    head: DictionaryObject
    data: bytes


def _serialised(value):
    out = io.BytesIO()
    if isinstance(value, _Stream):
        value.head.write_to_stream(out)
        out.write(b"\nstream\n" + value.data + b"\nendstream")
    else:
        value.write_to_stream(out)
    return out.getvalue()


def _drawing(width, height, header, footer, marking, page_number, codes):
    regular, bold = fonts()["/SosStampRegular"], fonts()["/SosStampBold"]
    left, right = SIDE_MARGIN, width - SIDE_MARGIN
    marking_x = right - bold.width(marking, 9)
    page_x = right - regular.width(page_number, 9)
    header_lines = wrap(header, regular, 9, marking_x - left - 12)
    footer_lines = wrap(footer, regular, 8, page_x - left - 12)
    top = height - HEADER_BASELINE
    texts = [(bold, "/SosStampBold", 9, BLACK, marking_x, top, marking)]
    texts += [
        (regular, "/SosStampRegular", 9, GREY, left, top + 11 * (len(header_lines) - 1 - i), line)
        for i, line in enumerate(header_lines)
    ]
    texts.append((regular, "/SosStampRegular", 9, BLACK, page_x, FOOTER_BASELINE, page_number))
    texts += [
        (regular, "/SosStampRegular", 8, GREY, left, FOOTER_BASELINE - 10 * i, line)
        for i, line in enumerate(footer_lines)
    ]
    operators = [b"/Artifact BMC", b"BT"]
    for _font, resource, size, colour, x, y, text in texts:
        operators += [
            f"{resource} {size} Tf {colour} 1 0 0 1 {x:.2f} {y:.2f} Tm".encode(),
            pdf_string(text, codes) + b" Tj",
        ]
    operators += [b"ET", b"EMC"]
    return b"\n".join(operators)
