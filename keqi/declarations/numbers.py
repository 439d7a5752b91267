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
    """Give the submission its `serial` or `registration_number` once; True when it was given now.
    A number already held (an evaluation migrated with its old number, ADR 0023) gets a suffix
    (-2, -3 …) rather than failing the declaration."""
    from keqi.declarations.models import Submission

    pattern = (submission.program.numbers or {}).get(which)
    field = "serial" if which == "serial" else "registration_number"
    if not pattern or getattr(submission, field):
        return False
    base = render(pattern, submission)[:28]
    number, attempt = base, 1
    while Submission.objects.filter(**{field: number}).exclude(pk=submission.pk).exists():
        attempt += 1
        number = f"{base}-{attempt}"
    setattr(submission, field, number)
    return True
