"""Program amount from a policy scheme (S4.2, X5): a program's data may name a keqi.policy
scheme — ``"amount": {"scheme": "shizhu_subsidy", "ruleset": "2024", "inputs": {"category":
"high_tech"}}`` — and the host passes it the answers whose keys are the scheme's inputs (yes/no
as booleans, tables as lists of rows). The scheme's total is the calculated ceiling; the
officer's approved amount may not exceed it. No program-specific code: the rules live in
keqi.policy, the mapping is the form's field keys."""

from decimal import Decimal

from keqi import policy
from keqi.declarations.forms import form_of
from keqi.formkit.spec import YESNO


def _value(spec, value):
    if value in (None, ""):
        return None
    if spec.type == YESNO:
        return {"yes": True, "no": False}.get(value)
    return value


def scheme_inputs(program, answers: dict, form=None) -> dict:
    """The scheme input built from the answers: the program's fixed inputs, then every answered
    field and table (rows without any answer are left out)."""
    form = form or form_of(program.form)
    inputs = dict((program.amount or {}).get("inputs", {}))
    for spec in form.all_fields():
        value = _value(spec, answers.get(spec.key))
        if value is not None:
            inputs[spec.key] = value
    for table in form.all_tables():
        rows = answers.get(table.key)
        if rows is None:
            continue
        converted = []
        for row in rows:
            out = {col.key: _value(col, row.get(col.key)) for col in table.columns}
            out = {key: value for key, value in out.items() if value is not None}
            if out:
                converted.append(out)
        inputs[table.key] = converted
    return inputs


def calculate(program, answers: dict, form=None) -> dict | None:
    """The scheme's result for these answers, ``{"errors": [...]}`` when the scheme refuses them,
    or None when the program has no amount rule."""
    spec = program.amount or {}
    if not spec.get("scheme"):
        return None
    try:
        return policy.assess(spec["scheme"], scheme_inputs(program, answers, form), spec.get("ruleset"), what_if=False)
    except policy.PolicyInputError as error:
        return {"errors": error.errors}


def ceiling(result: dict | None) -> Decimal | None:
    """The calculated amount: the total of the eligible items, None while nothing is eligible."""
    if not result or result.get("errors") or result.get("qualified") is not True:
        return None
    return Decimal(str(result["total"]))


def refresh(submission) -> None:
    """Store the calculated ceiling beside the answers (lists, exports, totals read the column)."""
    if not (submission.program.amount or {}).get("scheme"):
        return
    value = ceiling(calculate(submission.program, submission.answers, form_of(submission.form)))
    if value != submission.calculated_amount:
        submission.calculated_amount = value
        submission.save(update_fields=["calculated_amount"])
