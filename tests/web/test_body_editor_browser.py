"""The body's rich text editor (web/static/bodyeditor.js): what a clerk writes with its
toolbar, or pastes from Word, reaches the paper as headings, lists, bold and italic, and
tables whose first row is the header; the body ends with "./." once; the editor is keyboard
and screen-reader usable, and the plain textarea still works when the editor cannot load."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from docx import Document

from docgen.compose.markup import parse
from tests.helpers import SAMPLES, docx_paragraph, docx_text, pdf_text
from tests.web.conftest import VIEWPORTS, axe_violations, sideways_scroll

pytestmark = pytest.mark.browser

WORD = Path(__file__).parent / "fixtures" / "word-paste.html"
EDITOR = "#fields .rich-area .ql-editor"
BODY = "#fields textarea[name=body]"


def clear_editor(page) -> None:
    page.click(EDITOR)
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")


def body_markdown(page) -> str:
    """What the form sends as the body (the textarea the editor keeps)."""
    return str(page.input_value(BODY))


def download(page, fmt: str) -> bytes:
    with page.expect_download(timeout=30_000) as info:
        page.click(f"button.download[data-format={fmt}]")
    return Path(info.value.path()).read_bytes()


def docx_body(data: bytes) -> tuple[object, str]:
    return Document(io.BytesIO(data)), docx_text(data)


def heading(doc, text: str) -> str:
    """The Word heading a paragraph of the DOCX is (its style is based on Heading N)."""
    style = docx_paragraph(doc, text).style
    return str(style.base_style.name if style.base_style is not None else style.name)


def test_the_toolbar_writes_headings_lists_bold_and_a_table(open_form, screenshot):
    page = open_form("administrative")
    clear_editor(page)
    bar = page.locator("#fields [role=toolbar]")
    bar.get_by_label("Tiêu đề").select_option("1")
    page.keyboard.type("I. MỤC ĐÍCH, YÊU CẦU")
    page.keyboard.press("Enter")
    page.keyboard.type("Phát động phong trào ")
    bar.get_by_role("button", name="Đậm", exact=True).click()
    page.keyboard.type("thi đua yêu nước")
    bar.get_by_role("button", name="Đậm", exact=True).click()
    page.keyboard.type(" và ")
    bar.get_by_role("button", name="Nghiêng", exact=True).click()
    page.keyboard.type("khen thưởng kịp thời")
    bar.get_by_role("button", name="Nghiêng", exact=True).click()
    page.keyboard.type(".")
    page.keyboard.press("Enter")
    bar.get_by_role("button", name="Danh sách", exact=True).click()
    page.keyboard.type("Bám sát nhiệm vụ chính trị;")
    page.keyboard.press("Enter")
    page.keyboard.type("Nhân rộng điển hình tiên tiến.")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # an empty item ends the list
    bar.get_by_label("Tiêu đề").select_option("2")
    page.keyboard.type("1. Tiến độ")
    page.keyboard.press("Enter")
    bar.get_by_role("button", name="Bảng", exact=True).click()
    # Tab goes from cell to cell inside the table.
    for i, text in enumerate(["STT", "Nội dung", "Thời hạn", "1", "Sơ kết", "Tháng 6/2026",
                              "2", "Tổng kết", "Tháng 12/2026"]):
        if i:
            page.keyboard.press("Tab")
        page.keyboard.type(text)
    # A row added from the toolbar, while the cursor is in the table.
    assert bar.get_by_role("button", name="Thêm dòng", exact=True).is_enabled()
    bar.get_by_role("button", name="Thêm dòng", exact=True).click()
    page.keyboard.type("3")
    page.keyboard.press("Tab")
    page.keyboard.type("Khen thưởng")
    screenshot(page, "body-editor-toolbar")

    md = body_markdown(page)
    assert "# I. MỤC ĐÍCH, YÊU CẦU" in md
    assert "**thi đua yêu nước**" in md and "*khen thưởng kịp thời*" in md
    assert "- Bám sát nhiệm vụ chính trị;" in md.replace("-   ", "- ")
    assert "## 1. Tiến độ" in md
    assert "| STT | Nội dung | Thời hạn |" in md and "| --- | --- | --- |" in md
    assert "| 3 | Khen thưởng |" in md

    doc, text = docx_body(download(page, "docx"))
    assert heading(doc, "I. MỤC ĐÍCH, YÊU CẦU") == "Heading 1"
    assert heading(doc, "1. Tiến độ") == "Heading 2"
    para = docx_paragraph(doc, "Phát động phong trào thi đua yêu nước và khen thưởng kịp thời.")
    assert [(r.text, r.bold, r.italic) for r in para.runs if r.bold or r.italic] == [
        ("thi đua yêu nước", True, None), ("khen thưởng kịp thời", None, True)]
    assert "- Bám sát nhiệm vụ chính trị;" in text
    (table,) = [t for t in doc.tables if t.rows[0].cells[0].text == "STT"]
    assert [[c.text for c in r.cells] for r in table.rows] == [
        ["STT", "Nội dung", "Thời hạn"], ["1", "Sơ kết", "Tháng 6/2026"],
        ["2", "Tổng kết", "Tháng 12/2026"], ["3", "Khen thưởng", ""]]
    # The header row repeats on every page.
    assert table.rows[0]._tr.trPr.xml.count("tblHeader") == 1
    # A body ending with a table takes "./." on a line of its own, once.
    assert text.count("./.") == 1

    pdf = " ".join(pdf_text(download(page, "pdf")).split())
    for words in ("I. MỤC ĐÍCH, YÊU CẦU", "thi đua yêu nước", "Nhân rộng điển hình tiên tiến.",
                  "STT Nội dung Thời hạn", "3 Khen thưởng"):
        assert words in pdf
    assert pdf.count("./.") == 1


def test_what_the_clerk_types_stays_text_and_lists_nest(open_form):
    """"1. ", "- ", "*", "_", "|" and "<b>" typed in a paragraph are printed as typed: they
    never become a list, emphasis, a table or markup. A list item moved in with the
    toolbar is a sub-item."""
    page = open_form("official-letter")
    clear_editor(page)
    bar = page.locator("#fields [role=toolbar]")
    typed = "1. Mục đích: 5 * 3 - x_y_z | <b>không đậm</b>"
    page.keyboard.type(typed)
    page.keyboard.press("Enter")
    page.keyboard.type("- Không phải danh sách")
    page.keyboard.press("Enter")
    bar.get_by_role("button", name="Danh sách số", exact=True).click()
    page.keyboard.type("Việc một")
    page.keyboard.press("Enter")
    bar.get_by_role("button", name="Lùi vào", exact=True).click()
    bar.get_by_role("button", name="Danh sách", exact=True).click()
    page.keyboard.type("Ý nhỏ")
    page.keyboard.press("Enter")
    bar.get_by_role("button", name="Lùi ra", exact=True).click()
    bar.get_by_role("button", name="Danh sách số", exact=True).click()
    page.keyboard.type("Việc hai")
    blocks = [(b.text, b.role) for b in parse(body_markdown(page))]
    assert blocks == [(typed, "body"), ("- Không phải danh sách", "body"),
                      ("1. Việc một", "list_item"), ("- Ý nhỏ", "list_item"),
                      ("2. Việc hai", "list_item")]
    _doc, text = docx_body(download(page, "docx"))
    assert f"{typed}\n- Không phải danh sách\n1. Việc một\n- Ý nhỏ\n2. Việc hai./." in text


def paste_word(page) -> None:
    """Paste Word's clipboard (text/html and text/plain) into the editor, as Ctrl+V does."""
    page.evaluate("""([html, selector]) => {
        const data = new DataTransfer();
        data.setData("text/html", html);
        data.setData("text/plain", "(Word)");
        document.querySelector(selector).dispatchEvent(
            new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    }""", [WORD.read_text("utf-8"), EDITOR])


def test_pasting_from_word_keeps_headings_lists_and_tables(open_form, screenshot):
    page = open_form("administrative")
    clear_editor(page)
    paste_word(page)
    page.wait_for_function(f"document.querySelector('{BODY}').value.includes('Hưng Yên')")
    screenshot(page, "body-editor-word-paste")
    md = body_markdown(page)
    # Word's numbered Heading 1 keeps its number as text; the typed heading 2 stays one.
    assert "# I. MỤC ĐÍCH, YÊU CẦU" in md and "# II. TỔ CHỨC THỰC HIỆN" in md
    assert "## 1. Yêu cầu" in md
    assert "**hoàn thành xuất sắc**" in md and "*đổi mới*" in md
    lines = [" ".join(line.split()) for line in md.splitlines()]
    assert "- Bám sát nhiệm vụ chính trị của Ngành;" in lines
    assert "- Nhân rộng điển hình tiên tiến." in lines
    assert "1. Văn phòng tham mưu, theo dõi, đôn đốc;" in lines
    assert "2. Các đơn vị báo cáo kết quả trước ngày 15/12/2026." in lines
    # A list Word numbers "a)", "b)" keeps those letters: a Markdown list would say 1., 2.
    assert "a) Phòng 1 chủ trì khối nghiệp vụ;" in lines
    assert "b) Văn phòng chủ trì khối tổng hợp." in lines
    assert "| STT | Nội dung | Thời hạn |" in lines
    # Two paragraphs of one cell are one line of text.
    assert "| 2 | Sơ kết, đánh giá giữa năm | Tháng 6/2026 |" in lines
    # Nothing of Word's markup goes through: no tag, no style, no bullet glyph.
    assert "<" not in md and "mso" not in md and "·" not in md
    # Nor Word's pictures (here a file of the clerk's computer).
    assert "clip_image" not in md and "Logo" not in md and "![" not in md

    doc, text = docx_body(download(page, "docx"))
    assert heading(doc, "I. MỤC ĐÍCH, YÊU CẦU") == "Heading 1"
    assert heading(doc, "II. TỔ CHỨC THỰC HIỆN") == "Heading 1"
    assert "- Khen thưởng kịp thời, đúng người, đúng việc;" in text
    assert "2. Các đơn vị báo cáo kết quả trước ngày 15/12/2026." in text
    assert "b) Văn phòng chủ trì khối tổng hợp." in text
    (table,) = [t for t in doc.tables if t.rows[0].cells[0].text == "STT"]
    assert [[c.text for c in r.cells] for r in table.rows] == [
        ["STT", "Nội dung", "Thời hạn"], ["1", "Phát động phong trào", "Tháng 01/2026"],
        ["2", "Sơ kết, đánh giá giữa năm", "Tháng 6/2026"]]
    # The clerk typed "./." at the end: it is not doubled.
    assert text.count("./.") == 1
    assert "tỉnh Hưng Yên./." in text


@pytest.mark.parametrize("kind", ["administrative", "official-letter", "minutes", "directive",
                                  "pledge"])
def test_a_loaded_body_goes_back_to_the_server_as_it_came(open_form, kind):
    """A sample's body read into the editor and written out again after an edit says the
    same to the server's parser (headings, lists, tables, emphasis): the editor loses
    nothing of what it did not touch."""
    page = open_form(kind)
    original = json.loads((SAMPLES / f"{kind}.json").read_text("utf-8"))["body"]
    assert body_markdown(page) == original  # loading changes nothing by itself
    page.click(EDITOR)
    page.keyboard.press("Control+End")
    page.keyboard.type(" Xong")
    edited = body_markdown(page)
    assert edited != original
    assert parse(edited.replace(" Xong", "", 1)) == parse(original)


def test_the_editor_is_usable_with_a_keyboard_and_passes_axe(open_form, screenshot):
    page = open_form("official-letter")
    bar = page.locator("#fields [role=toolbar]")
    for name in ("Tiêu đề", "Đậm", "Nghiêng", "Danh sách", "Danh sách số", "Bảng", "Thêm dòng",
                 "Thêm cột", "Xóa dòng", "Xóa cột", "Xóa bảng"):
        assert bar.get_by_label(name, exact=True).count() == 1, name
    editor = page.locator(EDITOR)
    label = page.locator(f"#{editor.get_attribute('aria-labelledby')}")
    assert label.text_content().startswith("Nội dung")
    assert editor.get_attribute("role") == "textbox"
    # The arrow keys move along the toolbar.
    bar.get_by_role("button", name="Đậm", exact=True).focus()
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Nghiêng"
    page.keyboard.press("End")
    assert page.evaluate("document.activeElement.classList.contains('rich-source')")
    # Tab reaches the editor from its toolbar and leaves it again: no keyboard trap.
    bar.locator("button.rich-source").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('ql-editor')")
    page.keyboard.press("Tab")
    assert not page.evaluate("document.activeElement.closest('.rich-text')")
    # Ctrl+B makes bold, as in Word; the toolbar's button says it is pressed.
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.press("Control+b")
    page.keyboard.type("Chữ đậm")
    assert bar.get_by_role("button", name="Đậm", exact=True).get_attribute("aria-pressed") == "true"
    assert body_markdown(page).endswith("**Chữ đậm**")
    # A table in the body, then both sizes.
    bar.get_by_role("button", name="Bảng", exact=True).click()
    page.keyboard.type("Cột một")
    for size, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        page.locator("#fields .rich-text").scroll_into_view_if_needed()
        screenshot(page, f"body-editor-{size}")
        assert axe_violations(page) == [], size
        assert sideways_scroll(page) == 0, size
    # The Markdown view shows what is sent.
    page.set_viewport_size(VIEWPORTS["wide"])
    bar.get_by_role("button", name="Markdown: xem dạng văn bản thuần", exact=True).click()
    assert page.locator(BODY).is_visible()
    assert "| Cột một |" in body_markdown(page)


def test_errors_on_the_body_lead_to_the_editor(open_form):
    page = open_form("official-letter")
    clear_editor(page)
    page.click("#preview-button")
    page.wait_for_selector("#form-errors:not([hidden])")
    link = page.locator("#form-errors a", has_text="Nội dung")
    link.click()
    assert page.evaluate("document.activeElement.classList.contains('ql-editor')")
    assert page.locator(EDITOR).get_attribute("aria-invalid") == "true"


def test_without_the_editor_the_textarea_still_writes_the_body(page):
    """When the editor's scripts cannot load, the body is the plain Markdown box."""
    page.route("**/static/vendor/quill/**", lambda route: route.abort())
    page.goto(f"{page.base}/papers/official-letter")
    page.wait_for_selector("#fields fieldset")
    page.click("#load-sample")
    page.wait_for_selector("#form-status:has-text('Đã nạp dữ liệu mẫu')")
    assert page.locator(".rich-text").count() == 0
    page.fill(BODY, "# I. VIỆC CẦN LÀM\n\nBáo cáo **đúng hạn**.")
    _doc, text = docx_body(download(page, "docx"))
    assert "I. VIỆC CẦN LÀM" in text and "Báo cáo đúng hạn./." in text
