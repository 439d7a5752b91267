"""Command line: ``python -m keqi.policy {schemes | schema SCHEME | assess SCHEME}``.

``assess`` reads one JSON object (``--input FILE`` or stdin), prints one JSON result and exits
0; bad input prints ``{"errors": [{"field", "message"}]}`` and exits 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from typing import Any

from .api import assess, input_schema, list_schemes
from .errors import PolicyInputError, field_error

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def _print(payload: Any, compact: bool) -> None:
    text = json.dumps(payload, ensure_ascii=False, indent=None if compact else 2)
    sys.stdout.buffer.write(text.encode("utf-8") + b"\n")
    sys.stdout.buffer.flush()


def _read_json(path: str | None) -> Any:
    """Parse the input with JSON numbers as Decimal (never float)."""
    try:
        if path is None:
            raw = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as handle:
                raw = handle.read()
    except OSError as error:
        raise PolicyInputError([field_error("--input", f"无法读取输入文件：{error.strerror or error}")]) from None
    try:
        text = raw.decode("utf-8-sig")
        # NaN / Infinity stay strings, so field validation rejects them with a message.
        return json.loads(text, parse_float=Decimal, parse_constant=str)
    except (UnicodeDecodeError, ValueError) as error:
        raise PolicyInputError([field_error("", f"输入不是有效的 UTF-8 JSON：{error}")]) from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m keqi.policy", description="Keqi 政策规则引擎")
    commands = parser.add_subparsers(dest="command", required=True)
    schemes = commands.add_parser("schemes", help="列出政策类型、规则版本及生效日期")
    schemes.add_argument("--compact", action="store_true", help="单行输出 JSON")
    schema = commands.add_parser("schema", help="输出某政策类型输入的 JSON Schema")
    schema.add_argument("scheme")
    schema.add_argument("--ruleset", help="规则版本，缺省为今天有效的版本")
    schema.add_argument("--compact", action="store_true", help="单行输出 JSON")
    run = commands.add_parser("assess", help="评价一家企业（从 --input 文件或标准输入读取 JSON）")
    run.add_argument("scheme")
    run.add_argument("--ruleset", help="规则版本，缺省按 as_of（或今天）选择")
    run.add_argument("--input", help="输入 JSON 文件，缺省读取标准输入")
    run.add_argument("--no-what-if", action="store_true", help="不计算 what-if 提示")
    run.add_argument("--compact", action="store_true", help="单行输出 JSON")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "schemes":
            _print(list_schemes(), args.compact)
        elif args.command == "schema":
            _print(input_schema(args.scheme, args.ruleset), args.compact)
        else:
            data = _read_json(args.input)
            _print(assess(args.scheme, data, args.ruleset, what_if=not args.no_what_if), args.compact)
    except PolicyInputError as error:
        _print({"errors": error.errors}, args.compact)
        return EXIT_BAD_INPUT
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
