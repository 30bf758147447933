"""The `kehoach` command: parse arguments, call the build, print what happened.

Exit codes: 0 done; 1 a plan has problems (listed as file:line:column), or
`fmt --check` would change a file; 2 wrong usage; 3 an internal error (a bug:
the message asks for a report); 4 the user's situation (a folder that cannot be
written, a missing LibreOffice: the message says what to do); 123 `fmt` could not read a file as YAML.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import build as pipeline
from . import rules
from .clivn import VietnameseGroup
from .errors import EXIT_SITUATION, SituationError, excerpt
from .files import inaccessible

EXIT_PLAN_ERROR = 1
EXIT_INTERNAL = 3
EXIT_FMT_ERROR = 123  # black's contract for `fmt`: a file could not be read as YAML
FORMATS = tuple(rules.FORMATS)
PATHS = click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
HELP = click.help_option("-h", "--help", help="Hiện hướng dẫn này rồi thoát.")
CONTEXT = {"help_option_names": ["-h", "--help"]}


class Kehoach(VietnameseGroup):
    def main(self, *args, **kwargs):
        _readable_anywhere()
        return super().main(*args, **kwargs)


@click.group(cls=Kehoach, context_settings=CONTEXT)
@click.version_option(package_name="kehoach", message="kehoach %(version)s", help="Hiện phiên bản rồi thoát.")
@HELP
def main():
    """kehoach: dựng văn bản Kế hoạch (.docx) đúng thể thức từ tệp YAML.

    \b
    Ví dụ:
      kehoach build                    # dựng mọi kế hoạch trong plans/ vào output/
      kehoach check plans/so-y-te-ha-tinh/2020/799-KH-SYT.yaml
      kehoach diff --git HEAD          # những gì đã thay đổi trong các kế hoạch
      kehoach import ke-hoach-2020.docx  # nhập kế hoạch cũ viết bằng Word
      kehoach schema > plans/plan.schema.json
      kehoach template check templates/giay-moi.docx
    """


@main.command("build")
@HELP
@PATHS
@click.option("-o", "--output", "out_dir", default="output", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Thư mục ghi văn bản.")
@click.option("--force", is_flag=True, help="Dựng lại cả những văn bản không thay đổi.")
@click.option("--only", "only", multiple=True, type=click.Choice(pipeline.KINDS), metavar="LOẠI",
              help="Chỉ dựng loại văn bản này (có thể lặp lại): plan, checklist, forms, calendar, documents.")
@click.option("--by-owner", is_flag=True, help="Thêm một bảng phân công riêng cho từng đơn vị chủ trì.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="SỐ", help="Số tiến trình chạy song song (mặc định: số nhân CPU).")
@click.option("--template", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="TỆP.docx",
              help="Dựng mọi kế hoạch bằng mẫu này, bất kể thể thức (mặc định: templates/<thể thức>/plan.docx "
                   "của kho kế hoạch nếu có, nếu không thì mẫu có sẵn).")
@click.option("--pdf", is_flag=True, help="Ghi thêm bản PDF cạnh mỗi tệp .docx (cần LibreOffice).")
@click.option("--pdfa", is_flag=True, help="Như --pdf, nhưng PDF/A-2b, dạng để lưu trữ lâu dài.")
def build_command(paths, out_dir, force, only, by_owner, jobs, template, pdf, pdfa):
    """Dựng văn bản .docx cho từng kế hoạch (một tệp, hoặc mọi *.yaml trong một thư mục).

    Đường dẫn dưới plans/ được giữ nguyên trong thư mục ra:
    plans/so-y-te-ha-tinh/2020/799-KH-SYT.yaml -> output/so-y-te-ha-tinh/2020/799-KH-SYT.docx

    Cùng với kế hoạch: bảng phân công nhiệm vụ (.checklist.docx, .checklist.csv),
    các phiếu đăng ký (.<mã phiếu>.docx), lịch các thời hạn (.ics) và các văn bản
    điền từ mẫu Word của cơ quan (.<tên>.docx, .<tên>.<đơn vị>.docx).
    Với --pdf, mỗi tệp .docx có thêm bản PDF cùng tên (LibreOffice chuyển, một lần cho cả đợt);
    PDF mới hơn tệp .docx của nó thì không chuyển lại.

    Mẫu văn bản: templates/<thể thức>/plan.docx của kho kế hoạch (thư mục chứa plans/)
    nếu có, nếu không thì mẫu có sẵn; --template chọn một mẫu cho mọi kế hoạch.

    \b
    Ví dụ:
      kehoach build
      kehoach build plans/so-y-te-ha-tinh -o /tmp/ban-in
      kehoach build --only checklist --by-owner
      kehoach build --template ~/mau-co-13.docx
      kehoach build --pdfa             # kèm PDF/A để lưu trữ, ký số
    """
    kinds = tuple(only) or pipeline.KINDS
    progress = _progress_counter() if sys.stderr.isatty() else None
    report = _run(lambda: pipeline.build(list(paths) or [Path("plans")], out_dir, force, kinds, by_owner, jobs,
                                         template, progress, pdf=pdf, pdfa=pdfa))
    for path in report.written:
        click.echo(f"đã ghi {pipeline.display(path)}")
    _print_problems(report)
    built, same, failed = len(report.built), len(report.up_to_date), len(report.failed_plans)
    click.echo(f"Xong: {built + same + failed} kế hoạch ({built} đã dựng, {same} không thay đổi, {failed} có lỗi); "
               f"{len(report.written)} văn bản đã ghi, {len(report.unchanged)} văn bản không thay đổi{_warning_count(report)}.")
    _print_registries(report)
    _print_failures(report)
    sys.exit(_exit_code(report))


@main.command("check")
@HELP
@PATHS
def check_command(paths):
    """Kiểm tra kế hoạch mà không ghi gì; thoát với mã 1 nếu có lỗi.

    Tệp bodies.yaml ghi rõ trong PATH được kiểm tra như sổ cơ quan.

    \b
    Ví dụ:
      kehoach check
      kehoach check plans/so-y-te-ha-tinh/2020/799-KH-SYT.yaml
    """
    report = _run(lambda: pipeline.check(list(paths) or [Path("plans")]))
    _print_problems(report)
    failed = len(report.failed_plans)
    click.echo(f"Đã kiểm tra {len(report.checked) + failed} kế hoạch: {failed} kế hoạch có lỗi{_warning_count(report)}.")
    _print_registries(report)
    _print_failures(report)
    sys.exit(_exit_code(report))


@main.command("fmt")
@HELP
@PATHS
@click.option("--check", is_flag=True, help="Không ghi; thoát với mã 1 nếu có tệp sẽ được định dạng lại.")
def fmt_command(paths, check):
    """Định dạng lại tệp kế hoạch theo một bố cục chuẩn (thứ tự khóa, thụt lề, dấu nháy),
    giữ nguyên mọi chú thích và khối văn bản.

    Mã thoát: 0 không có gì thay đổi; 1 có tệp sẽ thay đổi (với --check); 123 có lỗi.

    \b
    Ví dụ:
      kehoach fmt
      kehoach fmt --check plans/so-y-te-ha-tinh
    """
    report = _run(lambda: pipeline.format_plans(list(paths) or [Path("plans")], check))
    verb = "sẽ định dạng lại" if check else "đã định dạng lại"
    for path in report.written:
        click.echo(f"{verb} {pipeline.display(path)}")
    _print_problems(report)
    click.echo(f"{len(report.written)} tệp {verb}, {len(report.unchanged)} tệp không đổi, {len(report.failed)} tệp lỗi.")
    if report.situations:
        sys.exit(EXIT_SITUATION)
    if report.problems:
        sys.exit(EXIT_FMT_ERROR)
    sys.exit(EXIT_PLAN_ERROR if check and report.written else 0)


@main.command("localize")
@HELP
@click.argument("parent", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--unit", "units", multiple=True, help="Mã cơ quan trong plans/bodies.yaml (có thể lặp lại).")
@click.option("--all-units", is_flag=True, help="Một kế hoạch cho mỗi cơ quan trong plans/bodies.yaml.")
@click.option("-o", "--output", "out_root", type=click.Path(file_okay=False, path_type=Path),
              help="Thư mục gốc ghi kế hoạch (mặc định: thư mục chứa bodies.yaml).")
@click.option("--force", is_flag=True, help="Ghi đè kế hoạch đã có.")
def localize_command(parent, units, all_units, out_root, force):
    """Tạo kế hoạch triển khai của đơn vị từ kế hoạch cấp trên, sẵn để chỉnh sửa
    (có chú thích tiếng Việt hướng dẫn những gì cần điền).

    \b
    Ví dụ:
      kehoach localize plans/so-y-te-ha-tinh/2020/799-KH-SYT.yaml --unit bv-da-khoa-ha-tinh
      kehoach localize plans/so-y-te-ha-tinh/2020/799-KH-SYT.yaml --all-units
    """
    if not units and not all_units:
        raise click.UsageError("cần --unit MÃ hoặc --all-units")
    from .author.localize import write_plans  # the model and ruamel.yaml's round trip: some 120 ms an up-to-date build does not need

    report = _run(lambda: write_plans(parent, list(units), all_units, out_root, force))
    for path in report.written:
        click.echo(f"đã ghi {pipeline.display(path)}")
    for path in report.unchanged:
        click.echo(f"đã có, không ghi đè (dùng --force): {pipeline.display(path)}")
    _print_problems(report)
    sys.exit(EXIT_PLAN_ERROR if report.problems else 0)


@main.command("totext")
@HELP
@click.argument("document", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def totext_command(document):
    """In nội dung chữ của một văn bản .docx (để git diff so sánh chữ thay vì tệp nhị phân).

    \b
    Ví dụ:
      kehoach totext output/so-y-te-ha-tinh/2020/799-KH-SYT.docx
      git config diff.kehoach.textconv "kehoach totext"   # cùng dòng "*.docx diff=kehoach" trong .gitattributes
    """
    from .review.totext import docx_text  # 18 ms of start-up the other commands do not need

    click.echo(_run(lambda: docx_text(document)), nl=False)


@main.command("diff")
@HELP
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--git", "rev", metavar="REV",
              help="So sánh phiên bản REV trong git (HEAD, main, a1b2c3d, ...) với tệp đang có trên đĩa.")
@click.option("--format", "fmt", type=click.Choice(("text", "json", "html")), default="text", show_default=True,
              help="Dạng kết quả: text (mỗi thay đổi một dòng), json, html (trang so sánh hai bản cạnh nhau).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Ghi kết quả vào tệp này thay vì in ra màn hình.")
def diff_command(paths, rev, fmt, output):
    """So sánh hai bản của một kế hoạch: những gì thay đổi về nội dung, gọi theo
    số mục, khoản, điểm của văn bản (Mục II, khoản 3: thời hạn 15/10/2020 → 30/10/2020).

    Chèn thêm một khoản chỉ báo một lần, kèm các khoản được đánh số lại; một khoản
    chuyển sang chỗ khác (cùng id) báo một lần: Mục III, khoản 2 chuyển thành Mục II, khoản 8.
    Với --git, so sánh mọi kế hoạch (*.yaml trong thư mục plans/ ở gốc kho git, hoặc trong PATH,
    tính từ thư mục hiện tại) khác với phiên bản REV.

    Mã thoát: 0 đã so sánh (có hay không có thay đổi); 1 một bản có lỗi (in ra dạng tệp:dòng:cột) hoặc git báo lỗi;
    2 dùng sai lệnh, kể cả một PATH không chứa kế hoạch nào, trên đĩa cũng như trong REV.

    \b
    Ví dụ:
      kehoach diff ban-cu.yaml plans/so-y-te-ha-tinh/2020/799-KH-SYT.yaml
      kehoach diff --git HEAD                      # các kế hoạch đã sửa từ lần commit cuối
      kehoach diff --git main plans/so-y-te-ha-tinh
      kehoach diff ban-cu.yaml ban-moi.yaml --format html -o /tmp/so-sanh.html
    """
    from .review import compare as plan_diff  # 250 ms of start-up (shared 2-core machine) the other commands do not need

    if rev is None and len(paths) != 2:
        raise click.UsageError("cần đúng hai tệp: kehoach diff CŨ MỚI, hoặc kehoach diff --git REV [PATH...]")
    report = _run(lambda: plan_diff.compare(list(paths), rev))
    if report.wrong_paths:
        raise click.UsageError("\n".join(report.wrong_paths))
    if report.comparisons or (rev and report.ok):
        text = _run(lambda: plan_diff.format_report(report, fmt))
        if output:
            _run(lambda: output.write_text(text + "\n", encoding="utf-8"))
            click.echo(f"đã ghi {pipeline.display(output)}")
        else:
            click.echo(text)
    _print_problems(report)
    sys.exit(0 if report.ok else EXIT_PLAN_ERROR)


@main.command("new")
@HELP
@click.option("--from", "old", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Kế hoạch năm trước (tệp YAML) làm gốc.")
@click.option("--year", type=click.IntRange(1000, 9999), metavar="NĂM", help="Năm của kế hoạch mới (mặc định: năm của kế hoạch cũ + 1).")
@click.option("-o", "--output", "target", type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp ghi bản nháp (mặc định: cùng thư mục cơ quan, thư mục năm mới).")
@click.option("--force", is_flag=True, help="Ghi đè tệp đã có.")
def new_command(old, year, target, force):
    """Tạo bản nháp kế hoạch năm sau từ kế hoạch năm nay: bỏ số, để trống ngày,
    dời các thời hạn và "năm 2020" (năm của kế hoạch) sang năm mới; ngày của văn bản
    khác giữ nguyên. Các thay đổi và những chỗ cần xem lại được ghi ở đầu tệp mới.

    \b
    Ví dụ:
      kehoach new --from plans/so-y-te-ha-tinh/2020/799-KH-SYT.yaml   # -> plans/so-y-te-ha-tinh/2021/799-KH-SYT.yaml
      kehoach new --from plans/so-y-te-ha-tinh/2020/799-KH-SYT.yaml --year 2022 -o /tmp/nhap.yaml
    """
    from .author.newyear import write_draft  # 22 ms of start-up the other commands do not need

    outcome = _run(lambda: write_draft(old, year, target, force))
    _stop_unless_written(outcome.problems, outcome.existing, outcome.draft)
    click.echo(f"đã ghi {pipeline.display(outcome.draft.target)} (bản nháp năm {outcome.draft.year})")
    for line in outcome.draft.changes:
        click.echo(f"  - {line}")
    if any(not problem.warning for problem in outcome.draft_problems):
        click.echo("Bản nháp còn lỗi, cần sửa trước khi dựng:", err=True)
    for problem in outcome.draft_problems:
        click.echo(str(problem), err=True)


@main.group("template", context_settings=CONTEXT)
@HELP
def template_group():
    """Mẫu văn bản riêng của cơ quan: mẫu kế hoạch (templates/<thể thức>/plan.docx) và
    mẫu Word có trường Jinja (templates/giay-moi.docx, ...): tạo, kiểm tra.

    \b
    Ví dụ:
      kehoach template init --format nd30
      kehoach template check templates/nd30/plan.docx
      kehoach template check templates/giay-moi.docx
    """


@template_group.command("init")
@HELP
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="nd30", show_default=True,
              help="Thể thức: nd30 (Nghị định 30/2020) hoặc party (Hướng dẫn 05-HD/VPTW).")
@click.option("--force", is_flag=True, help="Ghi đè mẫu đã có.")
def template_init_command(fmt, force):
    """Chép mẫu có sẵn vào templates/<thể thức>/plan.docx của kho kế hoạch đang làm việc,
    để mở bằng Word, sửa kiểu chữ (KH Body, KH Issuer, ...) rồi lưu: mọi kế hoạch dựng sau đó dùng mẫu này.

    \b
    Ví dụ:
      kehoach template init
      kehoach template init --format party
    """
    from .office import init_template  # python-docx: 140 ms of start-up the other commands do not need

    copied = _run(lambda: init_template(fmt, force))
    if not copied.written:
        _refused_overwrite(copied.target)
        sys.exit(EXIT_PLAN_ERROR)
    click.echo(f"đã ghi {pipeline.display(copied.target)}: mở bằng Word, sửa các kiểu KH ..., rồi lưu; "
               f"kiểm tra bằng: kehoach template check {pipeline.display(copied.target)}")


@template_group.command("check")
@HELP
@click.argument("templates", nargs=-1, required=True, metavar="TỆP.docx...",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="Thể thức để đối chiếu (mặc định: theo thư mục của mẫu, templates/party/ là party; còn lại nd30).")
def template_check_command(templates, fmt):
    """Kiểm tra mẫu văn bản đã sửa: mọi kiểu chữ, khổ giấy và lề trang phải nằm trong khoảng
    Nghị định 30/2020 (hoặc Hướng dẫn 05-HD/VPTW) cho phép.

    Mẫu có trường Jinja ({{ plan.citation }}, {%tr for task in own_tasks %}): liệt kê các
    trường mẫu dùng và các thẻ sai, không cần kế hoạch.

    Mã thoát: 0 đạt; 1 có chỗ ngoài khoảng cho phép, hoặc thẻ sai; 4 tệp không phải .docx.

    \b
    Ví dụ:
      kehoach template check templates/nd30/plan.docx
      kehoach template check --format party mau-dang.docx
      kehoach template check templates/giay-moi.docx
    """
    from .derive import office as documents  # python-docx, docxtpl, jinja2: some 215 ms the other commands do not need
    from .office import check_template  # python-docx: 140 ms of start-up the other commands do not need

    failed = False
    for path in templates:
        if documents.has_fields(path):
            failed = _check_fields(path, documents) or failed
            continue
        report = _run(lambda: check_template(path, fmt))
        for problem in report.problems:
            click.echo(str(problem), err=True)
        source = report.template.ranges.source
        if report.problems:
            failed = True
            click.echo(f"{pipeline.display(path)}: {len(report.problems)} chỗ ngoài khoảng cho phép ({source})")
        else:
            click.echo(f"{pipeline.display(path)}: đạt: {report.checked_styles} kiểu chữ, khổ giấy và lề trang "
                       f"trong khoảng cho phép ({source})")
    sys.exit(EXIT_PLAN_ERROR if failed else 0)


def _check_fields(path: Path, documents) -> bool:
    """A template with Jinja fields: the fields it uses, and its wrong tags. True when it has some."""
    used, problems = _run(lambda: documents.check_template(path))
    shown = pipeline.display(path)
    click.echo(f"{shown}: dùng {len(used)} trường: {', '.join(used)}" if used else f"{shown}: không dùng trường nào")
    for problem in problems:
        click.echo(str(problem), err=True)
    return bool(problems)


@main.command("import")
@HELP
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", "target", type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp kế hoạch ghi ra (mặc định: plans/<cơ quan>/<năm>/<số>-KH-<ký hiệu>.yaml).")
@click.option("--format", "fmt", type=click.Choice(("nd30", "party")),
              help="Thể thức, khi không muốn tự nhận ra: nd30 (nhà nước) hoặc party (Đảng).")
@click.option("--force", is_flag=True, help="Ghi đè tệp đã có.")
def import_command(source, target, fmt, force):
    """Nhập một kế hoạch cũ (Word .docx, hoặc .txt chép từ PDF, cổng thông tin) thành tệp
    kế hoạch YAML dựng lại được đúng văn bản đó. In ra những gì đã nhận ra và những chỗ
    cần xem lại (cũng ghi ở đầu tệp và tại từng khoản); nhiệm vụ không được đoán: câu có
    thời hạn được ghi chú để xác nhận.

    Mã thoát: 0 đã ghi; 1 không đọc được tệp cũ, hoặc tệp đích đã có (dùng --force).

    \b
    Ví dụ:
      kehoach import ke-hoach-2020.docx
      kehoach import ke-hoach-2020.txt --format party -o plans/dang-uy/2020/5-KH-DU.yaml
    """
    from .author.importer import write_import  # ruamel.yaml's round trip, lxml: some 45 ms of start-up the other commands do not need

    outcome = _run(lambda: write_import(source, target, fmt, force))
    _stop_unless_written(outcome.problems, outcome.existing, outcome.imported)
    imported = outcome.imported
    click.echo(f"đã ghi {pipeline.display(imported.target)}")
    click.echo("Tìm thấy:")
    for line in imported.found:
        click.echo(f"  - {line}")
    click.echo(f"Cần xem lại ({len(imported.reviews)}):" if imported.reviews else "Không có gì cần xem lại.")
    for line in imported.reviews:
        click.echo(f"  - {line}")
    if outcome.plan_problems:
        click.echo("Tệp ghi ra còn lỗi (lỗi của kehoach import, xin báo lại kèm tệp cũ):", err=True)
    for problem in outcome.plan_problems:
        click.echo(str(problem), err=True)


@main.command("schema")
@HELP
@click.option("--bodies", is_flag=True, help="In JSON Schema của sổ cơ quan plans/bodies.yaml thay vì của kế hoạch.")
def schema_command(bodies):
    """In JSON Schema của tệp kế hoạch (để trình soạn thảo gợi ý và kiểm tra khi gõ).

    \b
    Ví dụ:
      kehoach schema > plans/plan.schema.json
      kehoach schema --bodies > plans/bodies.schema.json
    """
    from .inherit import registry_schema  # the model: some 100 ms an up-to-date build does not need
    from .model import json_schema

    click.echo(json.dumps(_run(registry_schema if bodies else json_schema), ensure_ascii=False, indent=2))


def _stop_unless_written(problems, existing: Path | None, written: object) -> None:
    """`new` and `import`: say what stopped them; exit 1 when nothing was written."""
    for problem in problems:
        click.echo(str(problem), err=True)
    if existing:
        _refused_overwrite(existing)
    if written is None:
        sys.exit(EXIT_PLAN_ERROR)


def _refused_overwrite(path: Path) -> None:
    click.echo(f"đã có {pipeline.display(path)}, không ghi đè (dùng --force)", err=True)


def _print_problems(report) -> None:
    for problem in report.messages() if hasattr(report, "messages") else report.problems:  # diff's report has no warnings
        click.echo(str(problem), err=True)
    for message in getattr(report, "situations", []) + getattr(report, "bugs", []):  # diff's report has neither
        click.echo(f"kehoach: {message}", err=True)


def _warning_count(report) -> str:
    """`; 2 cảnh báo` at the end of a summary, when there are warnings (they never change the exit code)."""
    return f"; {len(report.warnings)} cảnh báo" if report.warnings else ""


def _exit_code(report) -> int:
    """A bug (3) first, then the user's situation (4), then problems in plans (1)."""
    if report.bugs:
        return EXIT_INTERNAL
    if report.situations:
        return EXIT_SITUATION
    return EXIT_PLAN_ERROR if report.problems else 0


def _readable_anywhere() -> None:
    """A terminal that cannot show Vietnamese (PYTHONIOENCODING=latin-1, an old console) gets
    \\u escapes for the letters it lacks, never a UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def _print_registries(report) -> None:
    for path in report.registries:
        state = "có lỗi" if path in report.problem_counts else "hợp lệ"
        click.echo(f"Sổ cơ quan {pipeline.display(path)}: {state}.")


def _print_failures(report) -> None:
    """The failing files again after the summary (stdout: stderr holds only problems, one per line),
    so one broken plan is not lost among hundreds of lines."""
    if report.failed:
        click.echo("Tệp có lỗi:" if report.registries else "Kế hoạch có lỗi:")
    for path in report.failed:
        click.echo(f"  {pipeline.display(path)}: {report.problem_counts[path]} lỗi")


PROGRESS_FROM = 5  # plans to render: below this a build is over before a counter helps


def _progress_counter():
    """`[12/300]` on stderr, rewritten in place (a terminal only), erased when the last plan is done."""
    def show(done: int, total: int) -> None:
        if total < PROGRESS_FROM:
            return
        counter = f"[{done}/{total}]"
        click.echo(f"\r{counter}", err=True, nl=False)
        if done == total:
            click.echo("\r" + " " * len(counter) + "\r", err=True, nl=False)
    return show


def _run(action):
    """Run a stage; an unexpected exception becomes a message, not a traceback."""
    try:
        return action()
    except (KeyboardInterrupt, SystemExit, pipeline.PlanError):  # a plan's problems are the caller's to print
        raise
    except SituationError as err:
        click.echo(f"kehoach: {err}", err=True)
        sys.exit(EXIT_SITUATION)
    except OSError as err:
        if err.filename is None:  # not about a path: a bug, below
            _internal_error(err)
        click.echo(f"kehoach: {inaccessible(err)}", err=True)
        sys.exit(EXIT_SITUATION)
    except Exception as err:  # the catch-all the exit codes promise
        _internal_error(err)


def _internal_error(err: Exception) -> None:
    click.echo(f"kehoach: lỗi nội bộ ({type(err).__name__}: {excerpt(str(err))}). "
               "Đây là lỗi của chương trình, không phải của kế hoạch; xin báo lại kèm tệp YAML.", err=True)
    sys.exit(EXIT_INTERNAL)
