"""click in Vietnamese, through click's public classes only.

Help: a formatter with Vietnamese headings, and command classes whose contexts
use it. Errors: the group's `main` shows click's usage errors itself, each
message translated from click's English wording (`No such option '--x'.`) by
the table below; a wording click changes prints in English, and
tests/test_cli.py fails on it.
"""
from __future__ import annotations

import re
import sys
from functools import cache
from typing import Any, NoReturn

import click

HEADINGS = {"Options": "Tùy chọn", "Commands": "Lệnh", "Positional arguments": "Đối số"}
OPTIONS_METAVAR = "[TÙY_CHỌN]"
COMMAND_METAVAR = "LỆNH [ĐỐI_SỐ]..."
ABORTED = "Đã dừng."

# click's messages as it formats them -> the same in Vietnamese. Fields are what
# click fills in; each is translated again (a message inside a message, "Path").
MESSAGES = {
    "Invalid value for {param}: {message}": "Giá trị không hợp lệ cho {param}: {message}",
    "Invalid value: {message}": "Giá trị không hợp lệ: {message}",
    "No such option {name}. Did you mean {possibility}?": "Không có tùy chọn {name}. Có phải ý bạn là {possibility}?",
    "No such option {name}. (Did you mean one of: {possibilities}?)":
        "Không có tùy chọn {name}. (Có phải ý bạn là một trong: {possibilities}?)",
    "No such option {name}.": "Không có tùy chọn {name}.",
    "No such command {name}. Did you mean {possibility}?": "Không có lệnh {name}. Có phải ý bạn là {possibility}?",
    "No such command {name}. (Did you mean one of: {possibilities}?)":
        "Không có lệnh {name}. (Có phải ý bạn là một trong: {possibilities}?)",
    "No such command {name}.": "Không có lệnh {name}.",
    "Missing argument {name}.": "Thiếu đối số {name}.",
    "Missing option {name}.": "Thiếu tùy chọn {name}.",
    "Missing parameter {name}.": "Thiếu tham số {name}.",
    "Missing command.": "Thiếu lệnh.",
    "Option {name} requires an argument.": "Tùy chọn {name} cần một giá trị.",
    "Option {name} does not take a value.": "Tùy chọn {name} không nhận giá trị.",
    "Got unexpected extra argument ({args})": "Thừa đối số ({args})",
    "Got unexpected extra arguments ({args})": "Thừa các đối số ({args})",
    "{name} {filename} does not exist.": "{name} {filename} không tồn tại.",
    "{name} {filename} is a directory.": "{name} {filename} là một thư mục.",
    "{name} {filename} is a file.": "{name} {filename} là một tệp.",
    "{name} {filename} is not readable.": "{name} {filename} không đọc được.",
    "{name} {filename} is not writable.": "{name} {filename} không ghi được.",
    "{value} is not a valid {kind}.": "{value} không phải {kind} hợp lệ.",
    "{value} is not in the range {range}.": "{value} nằm ngoài khoảng {range}.",
    "{value} is not one of {choices}.": "{value} không phải một trong {choices}.",
    "{value} is not {choice}.": "{value} không phải {choice}.",
}
WORDS = {
    "Path": "Đường dẫn", "File": "Tệp", "Directory": "Thư mục",
    "integer": "số nguyên", "integer range": "số nguyên", "float": "số thực", "float range": "số thực",
}
# The bracket click adds after an option's help: [default: output], [required].
HELP_EXTRAS = {"default: ": "mặc định: ", "required": "bắt buộc"}


def _pattern(english: str) -> re.Pattern[str]:
    pieces = re.split(r"\{(\w+)\}", english)
    return re.compile("".join(re.escape(piece) if index % 2 == 0 else f"(?P<{piece}>.*?)"
                              for index, piece in enumerate(pieces)), re.DOTALL)


@cache  # compiled on the first message to translate: 6 ms of start-up a command that succeeds never needs
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    return [(_pattern(english), vietnamese) for english, vietnamese in MESSAGES.items()]


def translate(text: str) -> str:
    """click's English message (or word) in Vietnamese; text click did not write stays as it is."""
    for pattern, vietnamese in _patterns():
        found = pattern.fullmatch(text)
        if found:
            return vietnamese.format(**{name: translate(value) for name, value in found.groupdict().items()})
    return WORDS.get(text, text)


def _help_extras(text: str) -> str:
    def vietnamese(found: re.Match[str]) -> str:
        inside = found.group(1)
        for english, words in HELP_EXTRAS.items():
            inside = inside.replace(english, words)
        return f"[{inside}]"
    return re.sub(r"\[([^\[\]]*)\]$", vietnamese, text)


class VietnameseHelp(click.HelpFormatter):
    """click's help headings and option brackets, in the language of the rest."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="Cách dùng: ")

    def section(self, name: str) -> Any:
        return super().section(HEADINGS.get(name, name))

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(term, _help_extras(text)) for term, text in rows], col_max, col_spacing)


class VietnameseContext(click.Context):
    formatter_class = VietnameseHelp


class VietnameseCommand(click.Command):
    context_class = VietnameseContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        super().__init__(*args, **kwargs)


class VietnameseGroup(click.Group):
    """The command group: its commands speak Vietnamese, and so do its errors."""

    context_class = VietnameseContext
    command_class = VietnameseCommand
    group_class = type  # a group's groups (`kehoach template`) are of this class too

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        kwargs.setdefault("subcommand_metavar", COMMAND_METAVAR)
        super().__init__(*args, **kwargs)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """No command at all: the help, as click does, but without its private exception."""
        if not args and not ctx.resilient_parsing:  # completing a word parses what is typed so far: no help then
            click.echo(ctx.get_help(), err=True, color=ctx.color)
            ctx.exit(2)
        return super().parse_args(ctx, args)

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> NoReturn:
        """click's standalone mode, with the messages shown in Vietnamese."""
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.ClickException as err:
            show_error(err)
            sys.exit(err.exit_code)
        except click.Abort:
            click.echo(ABORTED, err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


def show_error(err: click.ClickException) -> None:
    """What click's `show` prints: the usage line, a hint, the message, in Vietnamese."""
    context = err.ctx if isinstance(err, click.UsageError) else None
    if context is not None:
        hint = ""
        if context.command.get_help_option(context) is not None:
            option = max(context.command.get_help_option_names(context), key=len)
            hint = f"Xem '{context.command_path} {option}' để biết cách dùng.\n"
        click.echo(f"{context.get_usage()}\n{hint}", err=True, color=context.color)
    click.echo(f"Lỗi: {translate(err.format_message())}", err=True)
