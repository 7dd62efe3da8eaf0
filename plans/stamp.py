"""The running header and footer of a printed plan, stamped on each download.

The body of a plan is rendered once per revision and cached (plans.pdf). Who printed it and when
differ on every download, so they are drawn on afterwards: the stamp appends one content stream
to each page, after the body, holding the running header, the marking, the "Printed ... by ..."
line and the page number. It is marked as an /Artifact, so the tagged structure still describes
only the plan, and text tools and screen readers read the plan first and the stamp last.

The stamp is an incremental update of the cached file, so the plan's own bytes are copied, not
parsed and written again. Its text is Liberation Sans, embedded once per process as a subset
with the Windows-1252 encoding: a character outside it prints as "?".
"""

import datetime
import functools
import io
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
)

FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
FONTS = {"/SosStampRegular": "LiberationSans-Regular", "/SosStampBold": "LiberationSans-Bold"}
ENCODING = "cp1252"
FIRST_CHAR, LAST_CHAR = 32, 255
MM = 72 / 25.4
SIDE_MARGIN = 18 * MM
HEADER_BASELINE = 22 * MM  # from the top of the page, 4 mm above the body's top margin
FOOTER_BASELINE = 20 * MM - 9  # from the bottom, 4 mm below the body's bottom margin
GREY, BLACK = "0.314 0.353 0.373 rg", "0.043 0.047 0.047 rg"


class Font:
    """One embedded font: its PDF objects' contents, and how wide its text is."""

    def __init__(self, name):
        font = TTFont(FONT_DIR / f"{name}.ttf")
        scale = 1000 / font["head"].unitsPerEm
        cmap, metrics = font.getBestCmap(), font["hmtx"].metrics
        self.name = name
        self.widths = [
            round(
                metrics[cmap.get(ord(bytes([code]).decode(ENCODING, "replace")), ".notdef")][0]
                * scale
            )
            for code in range(FIRST_CHAR, LAST_CHAR + 1)
        ]
        os2, head = font["OS/2"], font["head"]
        self.descriptor = {
            "/Ascent": round(os2.sTypoAscender * scale),
            "/Descent": round(os2.sTypoDescender * scale),
            "/CapHeight": round(getattr(os2, "sCapHeight", 700) * scale),
            "/FontBBox": [round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)],
        }
        self.file = _subset(font)

    def width(self, text, size):
        return sum(self.widths[byte - FIRST_CHAR] for byte in encode(text)) * size / 1000


def _subset(font):
    characters = bytes(range(FIRST_CHAR, LAST_CHAR + 1)).decode(ENCODING, "ignore")
    options = subset.Options(notdef_outline=True, name_IDs=["*"])
    options.drop_tables += ["FFTM"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in characters] + [ord("?")])
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@functools.cache
def fonts():
    return {resource: Font(name) for resource, name in FONTS.items()}


def encode(text):
    """The text as Windows-1252 bytes, each control character or unknown character a "?"."""
    text = "".join(c if c.isprintable() else " " for c in text)
    return bytes(b if b >= FIRST_CHAR else 63 for b in text.encode(ENCODING, "replace"))


def pdf_string(text):
    escaped = encode(text).replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
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
    writer = PdfWriter(io.BytesIO(body), incremental=True)
    font_refs = {resource: _add_font(writer, font) for resource, font in fonts().items()}
    total = len(writer.pages)
    for number, page in enumerate(writer.pages, start=1):
        resources = page.setdefault(NameObject("/Resources"), DictionaryObject())
        page_fonts = resources.get_object().setdefault(NameObject("/Font"), DictionaryObject())
        page_fonts.get_object().update({NameObject(k): ref for k, ref in font_refs.items()})
        width, height = (float(v) for v in page.mediabox.upper_right)
        drawing = _drawing(width, height, header, footer, marking, f"Page {number} of {total}")
        _append_content(writer, page, drawing)
    # The update's trailer must name the document information (its title) again; pypdf names
    # it only when it changed, and the stamp did change the document.
    writer.add_metadata(
        {"/ModDate": datetime.datetime.now(datetime.UTC).strftime("D:%Y%m%d%H%M%SZ")}
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _drawing(width, height, header, footer, marking, page_number):
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
            pdf_string(text) + b" Tj",
        ]
    operators += [b"ET", b"EMC"]
    return b"\n".join(operators)


def _append_content(writer, page, drawing):
    """Draw after the page's own content, in a clean graphics state."""
    contents = page.get("/Contents")
    existing = (
        list(contents.get_object()) if isinstance(contents.get_object(), list) else [contents]
    )
    before, after = DecodedStreamObject(), DecodedStreamObject()
    before.set_data(b"q\n")
    after.set_data(b"\nQ\n" + drawing + b"\n")
    page[NameObject("/Contents")] = ArrayObject(
        [writer._add_object(before), *existing, writer._add_object(after)]
    )


def _add_font(writer, font):
    file_stream = DecodedStreamObject()
    file_stream.set_data(font.file)
    file_stream[NameObject("/Length1")] = NumberObject(len(font.file))
    base_font = NameObject(f"/SOSSTP+{font.name}")
    descriptor = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/FontDescriptor"),
            NameObject("/FontName"): base_font,
            NameObject("/Flags"): NumberObject(32),
            NameObject("/ItalicAngle"): NumberObject(0),
            NameObject("/StemV"): NumberObject(80),
            NameObject("/FontFile2"): writer._add_object(file_stream),
            NameObject("/FontBBox"): ArrayObject(
                [NumberObject(v) for v in font.descriptor["/FontBBox"]]
            ),
            **{
                NameObject(key): NumberObject(value)
                for key, value in font.descriptor.items()
                if key != "/FontBBox"
            },
        }
    )
    return writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/TrueType"),
                NameObject("/BaseFont"): base_font,
                NameObject("/FirstChar"): NumberObject(FIRST_CHAR),
                NameObject("/LastChar"): NumberObject(LAST_CHAR),
                NameObject("/Widths"): ArrayObject([NumberObject(w) for w in font.widths]),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
                NameObject("/FontDescriptor"): writer._add_object(descriptor),
            }
        )
    )
