"""Numbers a program declares for its declarations (seed 001): the 系统填报号 given when one
starts and the 登记编号 given on final approval.

    "numbers": {"serial": "{year}{region:6}{id:06}", "registration": "{year}{region:6}{id:08}"}

Tokens: {year} the program's year, {region:N} the first N digits of the enterprise's region code,
{id:0N} the declaration's id zero-padded to N digits. Only these tokens are read: data never
reaches str.format."""

import re

_TOKEN = re.compile(r"\{(year|region|id)(?::0?(\d{1,2}))?\}")


def render(pattern: str, submission) -> str:
    def value(match: re.Match) -> str:
        name, width = match.group(1), int(match.group(2) or 0)
        if name == "year":
            return str(submission.program.year)
        if name == "region":
            code = submission.enterprise.region.code
            return code[:width] if width else code
        return str(submission.pk).zfill(width)

    return _TOKEN.sub(value, pattern)


def assign(submission, which: str) -> bool:
    """Give the submission its `serial` or `registration_number` once; True when it was given now."""
    pattern = (submission.program.numbers or {}).get(which)
    field = "serial" if which == "serial" else "registration_number"
    if not pattern or getattr(submission, field):
        return False
    setattr(submission, field, render(pattern, submission)[:32])
    return True
