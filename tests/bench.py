"""Benchmark: `make bench`. Not a test: it measures, prints a table, asserts nothing.

Generates a realistic repository of plans in a temporary folder (the
repository's plans, grown up to three times their size, with tasks, forms and
localized children implementing a department plan), then times what users
wait for: one plan built cold, `make docs` from empty, with nothing changed,
after touching one plan, after touching a parent (its children rebuild); the
time per document inside one process, peak memory, and pandoc converting the
same plan written as Markdown, as the reference a user might otherwise pick. With
LibreOffice installed, `--pdf`: one plan cold, and the time per document of a batch
of .docx in one LibreOffice process, beside LibreOffice called directly on the same batch.
"""
from __future__ import annotations

import argparse
import copy
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parent.parent
PLANS = REPO / "plans"
KEHOACH = [sys.executable, "-m", "kehoach"]
BASES = ["so-y-te-ha-tinh/2020/799-KH-SYT.yaml", "so-y-te-thai-nguyen/2021/KH-SYT-van-hoa-cong-so.yaml"]
PARENT = "so-y-te-ha-tinh/2020/799-KH-SYT.yaml"
PDF_BATCH = 40  # .docx converted in one LibreOffice process


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kehoach-bench-") as folder:
        root = Path(folder)
        plans, children = generate(root / "plans", args.plans)
        rows = measure(root, plans, children)
    print(f"\n{args.plans} plans ({children} of them localized children), {os.cpu_count()} cores\n")
    print("| measure | kehoach | pandoc (same plan as Markdown) | target |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


# --- the repository


def generate(plans_dir: Path, count: int) -> tuple[list[Path], int]:
    yaml = YAML(typ="safe", pure=False)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    plans_dir.mkdir(parents=True)
    shutil.copy(PLANS / "bodies.yaml", plans_dir / "bodies.yaml")
    shutil.copy(PLANS / "plan.schema.json", plans_dir / "plan.schema.json")
    bases = [yaml.load(PLANS / name) for name in BASES]
    written, children = [], 0
    for index in range(count):
        office = plans_dir / f"don-vi-{index // 10:02d}" / "2020"
        office.mkdir(parents=True, exist_ok=True)
        if index % 10 == 9:  # the tenth plan of each office implements its first
            path = office / f"trien-khai-{index:03d}.yaml"
            yaml.dump(child(f"plan-{index - 9:03d}.yaml"), path)
            children += 1
        else:
            path = office / f"plan-{index:03d}.yaml"
            base = bases[0] if index % 10 == 0 else bases[index % len(bases)]
            yaml.dump(grown(base, index), path)
        written.append(path)
    return written, children


def grown(base: dict, index: int) -> dict:
    """A copy of a seed plan, 1 to 3 times its size (ids kept unique), numbered."""
    plan = copy.deepcopy(base)
    plan["number"] = index + 1
    if len(str(plan["date"])) == 7:  # a draft's year-month: a numbered plan has its day
        plan["date"] = f"{plan['date']}-15"
    factor = 1 + index % 3
    copies = [copy.deepcopy(section) for section in plan["sections"] for _ in range(factor - 1)]
    for number, section in enumerate(copies):
        _suffix_ids(section, f"-b{number}")
    plan["sections"] += copies
    return plan


def _suffix_ids(node, suffix: str) -> None:
    if isinstance(node, dict):
        if "id" in node:
            node["id"] += suffix
        for value in node.values():
            _suffix_ids(value, suffix)
    elif isinstance(node, list):
        for value in node:
            _suffix_ids(value, suffix)


def child(parent_file: str) -> dict:
    return {
        "type": "KH",
        "issuer": "bv-da-khoa-ha-tinh",
        "implements": {"plan": parent_file},
        "date": "2020-04-10",
        "title": "Triển khai thực hiện phong trào thi đua “Dân vận khéo” năm 2020",
        "recipients": [{"to": "Sở Y tế", "note": "báo cáo"}, "Các khoa, phòng"],
    }


# --- measures


def run(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def median_of(times: int, action) -> float:
    return statistics.median(action() for _ in range(times))


def make_docs(root: Path) -> float:
    return run(["make", "-s", "-C", str(REPO), "docs", f"PLANS={root / 'plans'}", f"OUTPUT={root / 'output'}"], root)


def measure(root: Path, plans: list[Path], children: int) -> list[list[str]]:
    one = plans[0]
    cold_out = root / "cold"
    cold = median_of(5, lambda: (shutil.rmtree(cold_out, ignore_errors=True),
                                 run([*KEHOACH, "build", str(one), "-o", str(cold_out)], root))[1])
    cold_plan_only = median_of(5, lambda: (shutil.rmtree(cold_out, ignore_errors=True),
                                           run([*KEHOACH, "build", str(one), "-o", str(cold_out), "--only", "plan"], root))[1])
    from_empty = make_docs(root)
    nothing = median_of(3, lambda: make_docs(root))
    leaf = plans[1]
    one_changed = median_of(3, lambda: (os.utime(leaf), make_docs(root))[1])
    parent_changed = median_of(3, lambda: (os.utime(plans[0]), make_docs(root))[1])
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    per_plan_docx, per_plan_all = in_process(plans)
    seed_docx, _ = in_process([PLANS / PARENT] * 30)
    report = report_in_process(root / "plans")
    docx_kb = (root / "cold" / "don-vi-00" / "2020" / "plan-000.docx").stat().st_size / 1024
    pandoc = pandoc_reference(root)
    per_import = import_in_process(root, plans)
    return [
        ["one plan, cold (process start to files written), all its documents", ms(cold), pandoc["time"], "≤ 250 ms"],
        ["one plan, cold, `--only plan`", ms(cold_plan_only), pandoc["time"], "≤ 250 ms"],
        [f"`make docs` from empty ({len(plans)} plans)", f"{from_empty:.2f} s", "", "≤ 10 s"],
        ["`make docs`, nothing changed", ms(nothing), "", "≤ 300 ms"],
        ["`make docs`, one plan touched", ms(one_changed), "", "≤ 500 ms"],
        ["`make docs`, a parent touched (its child rebuilt too)", ms(parent_changed), "", ""],
        ["in process: kh-799's .docx (3 pages; read, check, lay out, render)", ms(seed_docx, 1), "", "≤ 10 ms"],
        ["in process: a plan's .docx, average over the repository (up to 3x kh-799)", ms(per_plan_docx, 1), "", ""],
        ["per plan in process: every document (plan, checklist, CSV, forms, .ics, reports)", ms(per_plan_all), "", ""],
        ["in process: one office document, the built-in report of an owner with 10 tasks (fill, fit lines, package)",
         ms(report, 1), "", "≤ 15 ms"],
        ["in process: `import` of a plan's .docx (read, recognise, write the YAML), average over the repository",
         ms(per_import, 1), "", "≤ 100 ms"],
        ["peak memory of a build process", f"{peak_mb:.0f} MB", "", ""],
        ["3-page plan (kh-799), .docx size", f"{docx_kb:.1f} KB", pandoc["size"], "≤ 20 KB"],
    ] + pdf_rows(root, one)  # last: LibreOffice's processes must not count in the peak memory above


def in_process(plans: list[Path]) -> tuple[float, float]:
    sys.path.insert(0, str(REPO))
    from kehoach.documents import render_outputs
    from kehoach.layout import layout
    from kehoach.read import read_plan
    from kehoach.render import render

    sample = plans[:60] if len(plans) > 60 else plans
    for path in sample[:3]:  # warm imports and caches
        render(layout(read_plan(path)))
    start = time.perf_counter()
    for path in sample:
        render(layout(read_plan(path)))
    docx_only = (time.perf_counter() - start) / len(sample)
    start = time.perf_counter()
    for path in sample:
        render_outputs(read_plan(path), path.stem)
    return docx_only, (time.perf_counter() - start) / len(sample)


def pdf_rows(root: Path, one: Path) -> list[list[str]]:
    sys.path.insert(0, str(REPO))
    from kehoach import pdf

    soffice = pdf.find_soffice()
    if soffice is None:
        return [["PDF rows", "LibreOffice not installed", "", ""]]
    pdf_out = root / "cold-pdf"
    cold = median_of(3, lambda: (shutil.rmtree(pdf_out, ignore_errors=True),
                                 run([*KEHOACH, "build", str(one), "-o", str(pdf_out), "--pdf"], root))[1])
    documents = len(list(pdf_out.rglob("*.pdf")))
    batch = sorted((root / "output").rglob("*.docx"))[:PDF_BATCH]
    ours = median_of(3, lambda: wall_and_cpu(lambda: pdf.convert(batch)))
    alone = median_of(3, lambda: wall_and_cpu(lambda: libreoffice_alone(soffice, batch, root)))
    return [
        [f"one plan, cold, `--pdf` (its {documents} .docx and their PDFs)", ms(cold), "", ""],
        [f"PDF per document, batched ({len(batch)} .docx, one LibreOffice process): wall (CPU)",
         per_document(ours, len(batch)), "", "≤ 250 ms"],
        ["  the same batch, LibreOffice called directly (`soffice --convert-to pdf`)",
         per_document(alone, len(batch)), "", ""],
    ]


def wall_and_cpu(action) -> tuple[float, float]:
    """Seconds of wall clock and of CPU in child processes (LibreOffice) while action runs.
    The CPU time says what the machine's load hides: on a busy machine the wall clock waits."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    action()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def per_document(measured: tuple[float, float], count: int) -> str:
    wall, cpu = measured
    return f"{ms(wall / count)} ({ms(cpu / count)})"


def libreoffice_alone(soffice: str, batch: list[Path], root: Path) -> None:
    with tempfile.TemporaryDirectory(dir=root) as folder:
        profile = (Path(folder) / "profile").as_uri()
        subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", folder, *map(str, batch)], cwd=root, check=True, capture_output=True)


REPORT_TASKS = 10


def report_in_process(plans_dir: Path) -> float:
    """The time to fill one office document: kh-799 with one owner given ten tasks, that owner's
    built-in report (its context built, the template filled, its lines fitted, the package written)."""
    sys.path.insert(0, str(REPO))
    from kehoach.derive.office import render_document, template_file
    from kehoach.derive.office_context import owner_contexts
    from kehoach.derive.tasks import task_rows
    from kehoach.layout import properties
    from kehoach.read import read_plan

    yaml = YAML(typ="safe", pure=False)
    data = yaml.load(PLANS / PARENT)
    data["sections"].append({"title": "Nhiệm vụ của Phòng Tổ chức cán bộ", "id": "nhiem-vu-tccb", "items": [
        {"id": f"nhiem-vu-{n}", "text": f"Nhiệm vụ thứ {n}: tổng hợp, báo cáo kết quả trước ngày {{due}}.",
         "task": {"owner": "Phòng Tổ chức cán bộ", "due": f"2020-{min(n + 3, 12):02d}-15", "product": f"Báo cáo số {n}"}}
        for n in range(1, REPORT_TASKS + 1)]})
    path = plans_dir / "bao-cao-10.yaml"
    yaml.dump(data, path)
    plan = read_plan(path)
    rows = task_rows(plan)
    template = template_file(plan, plan.documents[0])

    def one_report() -> float:
        start = time.perf_counter()
        context = owner_contexts(plan, rows)["phong-to-chuc-can-bo"]
        render_document(template, context, properties(plan, "bao-cao"))
        return time.perf_counter() - start

    one_report()  # warm: the template's compiled parts are kept per process
    return median_of(30, one_report)


def import_in_process(root: Path, plans: list[Path]) -> float:
    """`kehoach import` of the documents `make docs` wrote, without writing: the time per document."""
    sys.path.insert(0, str(REPO))
    from kehoach.author.importer import import_plan

    documents = [root / "output" / path.relative_to(root / "plans").with_suffix(".docx") for path in plans[:60]]
    import_plan(documents[0], None, root / "imported.yaml")  # warm imports
    start = time.perf_counter()
    for document in documents:
        import_plan(document, None, root / "imported.yaml")
    return (time.perf_counter() - start) / len(documents)


def pandoc_reference(root: Path) -> dict[str, str]:
    """The 799 plan's words as Markdown, converted by pandoc: what a user might do instead."""
    if not shutil.which("pandoc"):
        return {"time": "pandoc not installed", "size": ""}
    sys.path.insert(0, str(REPO))
    from kehoach.review.totext import docx_text

    source = root / "cold" / "don-vi-00" / "2020" / "plan-000.docx"
    markdown = root / "plan.md"
    markdown.write_text("\n\n".join(docx_text(source).splitlines()), encoding="utf-8")
    out = root / "pandoc.docx"
    seconds = median_of(5, lambda: run(["pandoc", str(markdown), "-o", str(out)], root))
    return {"time": ms(seconds), "size": f"{out.stat().st_size / 1024:.1f} KB"}


def ms(seconds: float, decimals: int = 0) -> str:
    return f"{seconds * 1000:.{decimals}f} ms"


if __name__ == "__main__":
    main()
