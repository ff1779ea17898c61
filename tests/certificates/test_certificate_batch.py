"""Certificate batches: spreadsheet and CSV import, row-level errors, limits, the CLI."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from click.testing import CliRunner
from openpyxl import Workbook
from pypdf import PdfReader

from docgen.cli import main
from docgen.errors import TooLargeError
from docgen.imports.spreadsheet import SpreadsheetError, read_rows
from docgen.services.jobs import certificates as jobs
from tests.helpers import SAMPLES, nfc

LIMITS = {"max_rows": 1000, "max_bytes": 5 * 1024 * 1024}


def xlsx(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def meta(sample) -> dict:
    data = sample("certificate")
    del data["recipients"]
    return data


def test_messy_vietnamese_headers_are_matched():
    data = xlsx([["Danh sách khen thưởng"], [],
                 ["STT", " HỌ VÀ TÊN ", "Giới  tính", "Chức vụ", "Đơn vị công tác (ghi rõ)",
                  "Thành tích", "Ghi chú"],
                 [1, "Nguyễn Văn An", "Nam", "Kiểm sát viên", "Phòng 1", None, "x"]])
    rows = read_rows(data, "ds.xlsx", **LIMITS)
    assert rows.rows == [(4, {"name": "Nguyễn Văn An", "gender": "Nam",
                              "position": "Kiểm sát viên", "unit": "Phòng 1"})]
    assert rows.unknown_headers == ["Ghi chú"]


def test_header_on_first_row_and_row_numbers():
    data = xlsx([["STT", "Họ và tên", "Giới tính", "Chức vụ", "Đơn vị", "Thành tích"],
                 [1, "Nguyễn Văn An", "Nam", "Kiểm sát viên", "Phòng 1", None],
                 [None, None, None, None, None, None],
                 [2, "Lê Thị Bình", "nữ", None, "Phòng 2", "Có thành tích đột xuất"]])
    rows = read_rows(data, "ds.xlsx", **LIMITS)
    assert rows.rows == [
        (2, {"name": "Nguyễn Văn An", "gender": "Nam", "position": "Kiểm sát viên",
             "unit": "Phòng 1"}),
        (4, {"name": "Lê Thị Bình", "gender": "nữ", "unit": "Phòng 2",
             "achievement": "Có thành tích đột xuất"})]
    assert rows.blank == 1


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_csv_with_or_without_bom_and_any_separator(encoding, sep):
    text = sep.join(["Họ và tên", "Giới tính", "Đơn vị"]) + "\n" + \
        sep.join(["Trần Đức Anh", "nam", "Phòng 2"]) + "\n"
    rows = read_rows(text.encode(encoding), "ds.csv", **LIMITS)
    assert rows.rows == [(2, {"name": "Trần Đức Anh", "gender": "nam", "unit": "Phòng 2"})]


def test_collective_column():
    text = "Họ và tên,Tập thể,Đơn vị\nPhòng 7,x,Viện kiểm sát nhân dân tỉnh Gia Lai\n"
    rows = read_rows(text.encode(), "ds.csv", **LIMITS)
    assert rows.rows[0][1]["collective"] is True


def test_csv_not_utf8_is_refused():
    with pytest.raises(SpreadsheetError, match="UTF-8"):
        read_rows("Họ và tên\nAn\n".encode("utf-16"), "ds.csv", **LIMITS)


def test_no_name_column_is_refused():
    with pytest.raises(SpreadsheetError, match="Họ và tên"):
        read_rows(b"Foo,Bar\n1,2\n", "ds.csv", **LIMITS)


def test_a_file_that_is_not_a_spreadsheet_is_refused():
    with pytest.raises(SpreadsheetError, match="không phải bảng tính"):
        read_rows(b"%PDF-1.7 not a spreadsheet", "ds.xlsx", **LIMITS)


def test_a_zip_bomb_is_refused_before_opening():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<x/>")
        z.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 1024 * 1024))
    with pytest.raises(SpreadsheetError, match="giải nén quá lớn"):
        read_rows(buf.getvalue(), "bomb.xlsx", **LIMITS)


def test_too_many_rows_is_refused_while_reading():
    text = "Họ và tên\n" + "An\n" * 200_000
    with pytest.raises(TooLargeError):
        read_rows(text.encode(), "ds.csv", max_rows=20_000, max_bytes=10**8)


def test_upload_over_the_size_limit_is_refused():
    with pytest.raises(TooLargeError):
        read_rows(b"x" * (50 * 1024 * 1024), "ds.csv", max_rows=10, max_bytes=10 * 1024 * 1024)


@pytest.mark.slow
def test_bad_rows_are_reported_and_the_rest_produced(meta):
    rows = [["Họ và tên", "Giới tính", "Đơn vị"]]
    rows += [[f"Người {i}", "nam", "Phòng 1"] for i in range(1, 499)]
    rows.insert(10, [None, "nam", "Phòng 9"])  # no name
    rows.insert(20, ["Người X", "không rõ", "Phòng 9"])  # bad gender
    source = jobs.from_spreadsheet(xlsx(rows), "ds.xlsx", meta, **LIMITS)
    outcome = jobs.run(source, "pdf")
    assert (outcome.total, outcome.produced, len(outcome.rejected)) == (500, 498, 2)
    assert outcome.total == outcome.produced + len(outcome.rejected)
    assert [(p.row, p.field) for p in outcome.rejected] == [(11, "name"), (21, "gender")]
    assert len(PdfReader(io.BytesIO(outcome.content)).pages) == 498


def test_row_achievement_overrides_the_common_one(meta):
    text = "Họ và tên,Giới tính,Thành tích\nAn,nam,Có thành tích đột xuất\nBình,nữ,\n"
    source = jobs.from_spreadsheet(text.encode(), "ds.csv", meta, **LIMITS)
    reader = PdfReader(io.BytesIO(jobs.run(source, "pdf").content))
    assert "Có thành tích đột xuất" in nfc(reader.pages[0].extract_text())
    assert "phong trào thi đua yêu nước" in nfc(reader.pages[1].extract_text())


def test_zip_has_one_readable_pdf_per_recipient(sample):
    outcome = jobs.run(jobs.from_json(sample("certificate")), "zip")
    with zipfile.ZipFile(io.BytesIO(outcome.content)) as z:
        names = z.namelist()
        assert names[:3] == ["0001-nguyen-van-binh.pdf", "0002-lo-thi-mai.pdf",
                             "0003-phong-thuc-hanh-quyen-cong-to-va-kiem-sat-dieu-tra-an-hinh-su.pdf"]
        assert len(PdfReader(io.BytesIO(z.read(names[1]))).pages) == 1


def test_award_decision_gives_everyone_a_certificate_numbered_from_start(sample):
    data = sample("award-decision")
    data["register_start"] = 40
    source = jobs.from_json(data)
    outcome = jobs.run(source, "pdf")
    reader = PdfReader(io.BytesIO(outcome.content))
    assert len(reader.pages) == 6
    assert "Số sổ vàng: 45" in nfc(reader.pages[5].extract_text())


@pytest.mark.slow
def test_large_batch_uses_workers_and_keeps_order(sample):
    data = sample("certificate")
    base = data["recipients"][0]
    data["recipients"] = [dict(base, name=f"Người {i:04d}") for i in range(350)]
    seen = []
    outcome = jobs.run(jobs.from_json(data), "pdf", workers=2,
                       progress=lambda done, total: seen.append((done, total)))
    reader = PdfReader(io.BytesIO(outcome.content))
    assert len(reader.pages) == 350
    assert "Người 0349" in nfc(reader.pages[349].extract_text())
    assert seen[-1] == (350, 350) and len(seen) > 1


# -- the command line -------------------------------------------------------------------------

@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_cli_all_rows_good_exit_0(runner, tmp_path):
    out = tmp_path / "bang.pdf"
    result = runner.invoke(main, ["batch", "certificates", str(SAMPLES / "certificate.json"),
                                  "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Đã tạo 3/3 bằng" in result.output
    assert len(PdfReader(out).pages) == 3


def test_cli_some_rows_rejected_exit_3(runner, tmp_path, meta):
    (tmp_path / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "ds.csv").write_bytes(
        "\ufeffHọ và tên,Giới tính\nAn,nam\n,nữ\nBình,khác\n".encode())
    out = tmp_path / "bang.zip"
    result = runner.invoke(main, ["batch", "certificates", str(tmp_path / "ds.csv"),
                                  "--meta", str(tmp_path / "meta.json"), "-o", str(out)])
    assert result.exit_code == 3
    assert "dòng 3: name: thiếu họ và tên" in result.stderr
    assert "dòng 4: gender:" in result.stderr
    assert "Đã tạo 1/3 bằng, từ chối 2 dòng" in result.stdout
    assert zipfile.ZipFile(out).namelist()[0] == "0001-an.pdf"


def test_cli_unusable_input_exit_2(runner, tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text('{"recipients": [], "award": 1}', encoding="utf-8")
    result = runner.invoke(main, ["batch", "certificates", str(bad), "-o",
                                  str(tmp_path / "o.pdf")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_cli_spreadsheet_needs_meta(runner, tmp_path):
    (tmp_path / "ds.csv").write_text("Họ và tên\nAn\n", encoding="utf-8")
    result = runner.invoke(main, ["batch", "certificates", str(tmp_path / "ds.csv"),
                                  "-o", str(tmp_path / "o.pdf")])
    assert result.exit_code == 2
    assert "--meta" in result.output


def test_cli_not_a_spreadsheet_exit_2(runner, tmp_path, meta):
    (tmp_path / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "ds.xlsx").write_bytes(b"hello")
    result = runner.invoke(main, ["batch", "certificates", str(tmp_path / "ds.xlsx"),
                                  "--meta", str(tmp_path / "meta.json"),
                                  "-o", str(tmp_path / "o.pdf")])
    assert result.exit_code == 2
    assert "không phải bảng tính" in result.stderr
    assert not (tmp_path / "o.pdf").exists()


def test_a_row_with_several_problems_names_them_by_the_spreadsheets_headers(meta):
    rows = [["Họ và tên", "Giới tính", "Đơn vị"], [None, "không rõ", "Phòng 1"]]
    source = jobs.from_spreadsheet(xlsx(rows), "ds.xlsx", meta, **LIMITS)
    _, problems = jobs.check(source)
    assert problems[0].msg.startswith("Họ và tên: thiếu họ và tên; Giới tính: ")
