"""The electronic original's look (issue 27): every PDF docgen makes is PDF/A-2b, and the
signatures' images and lines stand where Nghị định 30/2020 Phụ lục I puts them, found from
the text of LibreOffice's real output: the signer's image between the position line and the
name, the seal over its left third, the office's lines under the name, the office's mark at
the top right of each attachment's first page."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from docgen.documents.pdf import convert_to_pdf
from docgen.errors import DocgenError
from docgen.signing.appearance import (
    Placement,
    SignatureImages,
    TextLine,
    page_lines,
    placement,
)
from docgen.signing.demo_images import scribble_png, seal_png, write_demo_images
from docgen.signing.images import images_folder, load_images, read_png
from docgen.signing.pdfa import pdfa_problems
from docgen.signing.picture import placement_png
from docgen.signing.preview import stamp_preview
from tests.support.tools import require

pytestmark = pytest.mark.libreoffice

MM = 72 / 25.4
# a State decision with its list on a page of its own, a Party one whose list runs over three
# pages, and a Party plan signed K/T (two lines above the name)
STATE, PARTY, PLAN = (
    "quyet-dinh-khen-thuong-UBND-nghe-an-2025.docx",
    "quyet-dinh-khen-thuong-2024-HVCTQG.docx",
    "ke-hoach-1247-KH-HVCTQG.docx",
)
SIGNERS = {
    STATE: ("Nguyễn Văn Đệ", "Ủy ban nhân dân tỉnh Nghệ An"),
    PARTY: ("Nguyễn Xuân Thắng", "Học viện Chính trị quốc gia Hồ Chí Minh"),
    PLAN: ("Hoàng Phúc Lâm", "Học viện Chính trị quốc gia Hồ Chí Minh"),
}
# 10:20:30 in Hà Nội
SIGNED = datetime(2025, 12, 26, 3, 20, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def converted(
    outputs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, bytes]:
    """The three examples as LibreOffice lays them out (one start)."""
    require("soffice", "pdffonts", "pdftoppm")
    names = (STATE, PARTY, PLAN)
    pdfs = convert_to_pdf([outputs[n] for n in names], tmp_path_factory.mktemp("esign"))
    return {n: p.read_bytes() for n, p in zip(names, pdfs, strict=True)}


def _images(name: str) -> SignatureImages:
    signer, office = SIGNERS[name]
    return SignatureImages(scribble_png(signer), seal_png(office))


def _place(pdf: bytes, name: str, role: str) -> list[Placement]:
    signer, office = SIGNERS[name]
    return placement(
        pdf,
        role,  # type: ignore[arg-type]
        signer_name=signer,
        office_name=office,
        signed_at=SIGNED,
        images=_images(name),
    )


def _line(lines: list[TextLine], text: str) -> TextLine:
    return next(line for line in lines if line.text == text)


def _overlaps(box: tuple[float, float, float, float], line: TextLine) -> bool:
    x1, y1, x2, y2 = box
    return x1 < line.x1 and line.x0 < x2 and y1 < line.top and line.foot < y2


# --- PDF/A ---------------------------------------------------------------------------------


def test_libreoffice_output_is_pdfa_2b_with_every_font_embedded(
    converted: dict[str, bytes],
) -> None:
    for name, pdf in converted.items():
        assert pdfa_problems(pdf) == [], name
        metadata = PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Metadata"].get_object()
        assert b"<pdfaid:part>2</pdfaid:part>" in metadata.get_data()
        assert b"<pdfaid:conformance>B</pdfaid:conformance>" in metadata.get_data()


def test_every_font_is_embedded_as_poppler_lists_them(
    converted: dict[str, bytes], tmp_path: Path
) -> None:
    pdf = tmp_path / "state.pdf"
    pdf.write_bytes(converted[STATE])
    listed = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert listed
    assert all(line.split()[-5] == "yes" for line in listed), listed  # the "emb" column


def _rewritten(pdf: bytes, change: Callable[[PdfWriter], object]) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_the_pdfa_check_finds_what_breaks_pdfa(converted: dict[str, bytes]) -> None:
    pdf = converted[STATE]
    assert pdfa_problems(_rewritten(pdf, lambda w: None)) == []  # pypdf itself keeps PDF/A

    def script(writer: PdfWriter) -> None:
        action = {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert(1)"),
        }
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(action)

    assert "the file holds a JavaScript action" in pdfa_problems(_rewritten(pdf, script))

    locked = _rewritten(pdf, lambda w: w.encrypt("secret", algorithm="AES-128"))
    assert pdfa_problems(locked) == ["the file is encrypted"]

    def bare_font(writer: PdfWriter) -> None:
        helvetica = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
        fonts = writer.pages[0]["/Resources"]["/Font"].get_object()
        fonts[NameObject("/F99")] = writer._add_object(helvetica)

    assert "the font /Helvetica is not embedded" in pdfa_problems(_rewritten(pdf, bare_font))

    def no_metadata(writer: PdfWriter) -> None:
        del writer._root_object["/Metadata"]
        del writer._root_object["/OutputIntents"]

    assert pdfa_problems(_rewritten(pdf, no_metadata)) == [
        "the catalogue has no XMP metadata stream",
        "the catalogue has no PDF/A output intent (GTS_PDFA1)",
    ]
    assert pdfa_problems(b"not a pdf")[0].startswith("the file cannot be read as a PDF")


# --- where the signatures stand --------------------------------------------------------------


@pytest.mark.parametrize(("name", "title"), [(STATE, "CHỦ TỊCH"), (PLAN, "PHÓ GIÁM ĐỐC")])
def test_the_signers_image_stands_between_the_position_and_the_name(
    converted: dict[str, bytes], name: str, title: str
) -> None:
    pdf = converted[name]
    [signature] = _place(pdf, name, "signer")
    lines = page_lines(pdf)[signature.page]
    above, under = _line(lines, title), _line(lines, SIGNERS[name][0])
    x1, y1, x2, y2 = signature.box
    assert signature.png == _images(name).signature_png
    assert above.foot > y2 > y1 > under.top  # between the position line and the name
    assert abs((x1 + x2) / 2 - under.centre) < 1  # centred on the name
    assert abs((y2 + y1) / 2 - (above.foot + under.top) / 2) < 1
    assert y2 - y1 > 12 * MM  # a signature's size, not a thumbnail
    assert not [line.text for line in lines if _overlaps(signature.box, line)]


@pytest.mark.parametrize("name", [STATE, PARTY, PLAN])
def test_the_seal_covers_the_left_third_of_the_signature(
    converted: dict[str, bytes], name: str
) -> None:
    pdf = converted[name]
    [signature] = _place(pdf, name, "signer")
    office = _place(pdf, name, "office")
    seal = next(p for p in office if p.what == "seal")
    assert seal.page == signature.page and seal.png == _images(name).seal_png
    sx1, sy1, sx2, sy2 = signature.box
    x1, y1, x2, y2 = seal.box
    assert abs((x2 - x1) - 36 * MM) < 0.1 and abs((y2 - y1) - 36 * MM) < 0.1  # the real size
    assert x1 < sx1 < x2 < sx2  # over the signature's left part, standing out on its left
    assert abs((x2 - sx1) / (sx2 - sx1) - 1 / 3) < 0.01
    assert abs((y1 + y2) / 2 - (sy1 + sy2) / 2) < 0.1
    # not over the recipients' column on the left ("Nơi nhận:" and its lines)
    lines = page_lines(pdf)[seal.page]
    left = [line for line in lines if line.x1 < sx1 and line.top > y1 and line.foot < y2]
    assert left and all(line.x1 < x1 for line in left), [(line.text, line.x1) for line in left]


def test_the_offices_lines_name_it_and_the_time_in_vietnam_under_the_name(
    converted: dict[str, bytes],
) -> None:
    pdf = converted[STATE]
    info = next(p for p in _place(pdf, STATE, "office") if p.what == "office_info")
    assert info.lines == (
        "Cơ quan: Ủy ban nhân dân tỉnh Nghệ An",
        "Thời gian ký: 26/12/2025 10:20:30 +07:00",
    )
    assert info.font_size == 10 and info.png is None
    lines = page_lines(pdf)[info.page]
    name = _line(lines, "Nguyễn Văn Đệ")
    x1, _, x2, y2 = info.box
    assert y2 < name.foot and abs((x1 + x2) / 2 - name.centre) < 1
    assert not [line.text for line in lines if _overlaps(info.box, line)]


@pytest.fixture
def marks_in_same_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """rules/esign.yaml with appearance.attachment.same_file: true (the mark drawn on an
    attachment in the same file, for a preview; the decree's default is false)."""
    from docgen.rules.esign import esign_rules

    rules = esign_rules()
    attachment = rules.appearance.attachment.model_copy(update={"same_file": True})
    appearance = rules.appearance.model_copy(update={"attachment": attachment})
    changed = rules.model_copy(update={"appearance": appearance})
    monkeypatch.setattr("docgen.signing.appearance.esign_rules", lambda: changed)


@pytest.mark.parametrize("name", [STATE, PARTY])
def test_an_attachment_in_the_same_file_gets_no_mark_by_default(
    converted: dict[str, bytes], name: str
) -> None:
    """Nghị định 30/2020 Phụ lục I (as remembered): the office does not sign an attachment
    that is in the main document's file; its seal and lines go on the signature's page only."""
    placed = _place(converted[name], name, "office")
    assert [p.what for p in placed if p.what == "attachment"] == []
    assert len({p.page for p in placed}) == 1


@pytest.mark.parametrize(
    ("name", "pages", "symbol"),
    [(STATE, [1], "01/QĐ-UBND"), (PARTY, [2], "1569-QĐ/HVCTQG")],
)
@pytest.mark.usefixtures("marks_in_same_file")
def test_the_office_marks_each_attachments_first_page_at_the_top_right(
    converted: dict[str, bytes], name: str, pages: list[int], symbol: str
) -> None:
    pdf = converted[name]
    marks = [p for p in _place(pdf, name, "office") if p.what == "attachment"]
    assert [m.page for m in marks] == pages  # the list's first page only, not the next ones
    every = page_lines(pdf)
    for mark in marks:
        assert mark.png is None  # the decree: no image on an attachment
        assert mark.lines == (f"Số: {symbol}", "Thời gian ký: 26/12/2025 10:20:30 +07:00")
        width, height = (float(v) for v in PdfReader(io.BytesIO(pdf)).pages[mark.page].mediabox[2:])
        x1, y1, x2, y2 = mark.box
        assert abs(x2 - (width - 15 * MM)) < 0.1  # at the right margin
        assert y2 <= height and y1 > height / 2 and x1 > width / 2  # the top right
        lines = every[mark.page]
        assert any(line.text.startswith("(Kèm theo") for line in lines)
        assert not [line.text for line in lines if _overlaps(mark.box, line)]
        title = _line(lines, "DANH SÁCH")
        assert y1 > title.top  # above the list's title, overprinting nothing


def test_a_signer_the_document_does_not_name_is_refused(converted: dict[str, bytes]) -> None:
    with pytest.raises(DocgenError) as caught:
        placement(
            converted[STATE],
            "signer",
            signer_name="Trần Văn Khác",
            office_name="Ủy ban nhân dân tỉnh Nghệ An",
            signed_at=SIGNED,
            images=_images(STATE),
        )
    assert caught.value.code == "ESIGN-NO-BLOCK"
    assert "'Trần Văn Khác' is not in the document's signature block" in caught.value.message


@pytest.mark.usefixtures("marks_in_same_file")
def test_the_preview_shows_the_images_and_lines_and_stays_pdfa(
    converted: dict[str, bytes], tmp_path: Path
) -> None:
    """Drawn by pdftoppm: blue ink where the signature is, red where the seal is; the lines
    are text a reader can extract; the file is still PDF/A."""
    pdf = converted[STATE]
    placed = _place(pdf, STATE, "signer") + _place(pdf, STATE, "office")
    stamped = stamp_preview(pdf, placed)
    assert pdfa_problems(stamped) == []
    reader = PdfReader(io.BytesIO(stamped))
    assert "Thời gian ký: 26/12/2025 10:20:30 +07:00" in reader.pages[0].extract_text()
    assert "Số: 01/QĐ-UBND" in reader.pages[1].extract_text()
    (tmp_path / "stamped.pdf").write_bytes(stamped)
    dpi = 50
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "stamped.pdf", "page"],
        cwd=tmp_path,
        check=True,
    )
    [drawn] = tmp_path.glob("page-*.png")
    page = Image.open(drawn).convert("RGB")
    height = page.height

    def colours(box: tuple[float, float, float, float]) -> list[tuple[int, int, int]]:
        x1, y1, x2, y2 = (v * dpi / 72 for v in box)
        crop = page.crop((int(x1), int(height - y2), int(x2), int(height - y1)))
        data = crop.tobytes()
        return [(data[i], data[i + 1], data[i + 2]) for i in range(0, len(data), 3)]

    signature = next(p for p in placed if p.what == "signature")
    seal = next(p for p in placed if p.what == "seal")
    right_of_seal = (seal.box[2], *signature.box[1:])
    assert any(b > 120 and r < 90 for r, _, b in colours(right_of_seal))  # blue ink
    assert any(r > 170 and g < 80 and b < 80 for r, g, b in colours(seal.box))  # red ring


# --- the images an office keeps --------------------------------------------------------------


def test_images_are_read_from_the_workspaces_state_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DOCGEN_ESIGN_DIR", raising=False)
    folder = images_folder(tmp_path)
    assert folder == tmp_path / ".docgen" / "esign"
    write_demo_images(folder, "ubnd-nghe-an", "Ủy ban nhân dân tỉnh Nghệ An", ["nguyen-van-de"])
    images = load_images(folder, "ubnd-nghe-an", "nguyen-van-de")
    assert images.seal_png and images.signature_png
    assert (folder / "ubnd-nghe-an" / "seal.png").read_bytes() == images.seal_png
    elsewhere = tmp_path / "keys"
    monkeypatch.setenv("DOCGEN_ESIGN_DIR", str(elsewhere))
    assert images_folder(tmp_path) == elsewhere


def _png(mode: str, size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size).save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (None, "ESIGN-IMAGE-MISSING"),
        (b"\xff\xd8\xff\xe0 a JPEG named .png", "ESIGN-IMAGE-FORMAT"),
        (b"\x89PNG\r\n\x1a\n broken after its signature", "ESIGN-IMAGE-FORMAT"),
        (_png("RGB", (40, 20)), "ESIGN-IMAGE-OPAQUE"),
        (_png("LA", (7000, 1)), "ESIGN-IMAGE-SIZE"),  # small file, too many pixels across
        (b"\x89PNG\r\n\x1a\n" + bytes(2_000_000), "ESIGN-IMAGE-SIZE"),
    ],
)
def test_a_hostile_or_wrong_image_is_refused(
    tmp_path: Path, content: bytes | None, code: str
) -> None:
    path = tmp_path / "seal.png"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(DocgenError) as caught:
        read_png(path, "seal")
    assert caught.value.code == code
    assert caught.value.location is not None and caught.value.location.file == str(path)


def test_an_id_cannot_lead_out_of_the_images_folder(tmp_path: Path) -> None:
    with pytest.raises(DocgenError) as caught:
        load_images(tmp_path, "ubnd", "../../etc/passwd")
    assert caught.value.code == "ESIGN-IMAGE-NAME"


def test_a_placement_as_one_picture_for_a_signatures_appearance() -> None:
    lines = ("Cơ quan: Ủy ban nhân dân tỉnh Nghệ An", "Thời gian ký: 26/12/2025 10:20:30 +07:00")
    info = Placement(0, (100.0, 100.0, 280.0, 124.0), None, lines, what="office_info")
    drawn = Image.open(io.BytesIO(placement_png(info, dpi=144)))
    assert drawn.mode == "RGBA" and drawn.size == (360, 48)  # the box at 2 pixels a point
    assert drawn.getpixel((0, 47))[3] == 0  # transparent where nothing is written
    assert max(drawn.getchannel("A").getextrema()) == 255  # the lines, in black
    seal = Placement(0, (0.0, 0.0, 102.0, 102.0), seal_png("Sở Nội vụ"), (), what="seal")
    ring = Image.open(io.BytesIO(placement_png(seal, dpi=72))).convert("RGBA")
    assert ring.size == (102, 102) and ring.getpixel((51, 2))[:3][0] > 150  # red at the top


@pytest.mark.usefixtures("marks_in_same_file")
def test_the_attachments_mark_takes_the_symbol_the_signing_gives(
    converted: dict[str, bytes],
) -> None:
    signer, office = SIGNERS[STATE]
    placed = placement(
        converted[STATE],
        "office",
        signer_name=signer,
        office_name=office,
        signed_at=datetime(2025, 12, 26, 10, 20, 30),  # naive: Hà Nội's time
        images=SignatureImages(None, None),
        symbol="02/QĐ-UBND",
    )
    assert [p.what for p in placed] == ["office_info", "attachment"]  # no seal image, no seal
    assert placed[1].lines == ("Số: 02/QĐ-UBND", "Thời gian ký: 26/12/2025 10:20:30 +07:00")
