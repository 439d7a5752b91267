"""What each review level may decide and what the buttons say, declared in the program's data:
a level may list its `decisions` (e.g. only "pass" and "return") and relabel them with
`decision_labels` (e.g. {"return": "审核不通过"}). Without them every decision is offered with
the process table's label."""

from django.core.exceptions import ValidationError


def level_data(program, index: int) -> dict:
    levels = program.levels or []
    return levels[index] if 0 <= index < len(levels) else {}


def label_for(program, index: int, name: str, default: str) -> str:
    return level_data(program, index).get("decision_labels", {}).get(name, default)


def offered(submission, transitions) -> list[dict]:
    """The current level's decisions as the review page shows them."""
    data = level_data(submission.program, submission.level)
    allowed = data.get("decisions")
    return [
        {
            "name": t.name,
            "label": data.get("decision_labels", {}).get(t.name, t.label),
            "style": t.style,
            "confirm": t.confirm,
        }
        for t in transitions
        if allowed is None or t.name in allowed
    ]


def check_decision(submission, action: str) -> None:
    """Refuse, with the reason, a decision the current level does not use."""
    allowed = level_data(submission.program, submission.level).get("decisions")
    if allowed is not None and action not in allowed:
        names = {"pass": "审核通过", "return": "退回补正", "reject": "不予通过"}
        offered_labels = "、".join(label_for(submission.program, submission.level, n, names.get(n, n)) for n in allowed)
        raise ValidationError({"__all__": f"本级审核只能选择：{offered_labels}"})
