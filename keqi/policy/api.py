"""The Python face of the engine: what the CLI and the HTTP layer call."""

from __future__ import annotations

from datetime import date
from typing import Any

from .assessment import Assessment
from .errors import PolicyInputError, field_error
from .inputs import parse_date, parse_fields
from .numbers import exact
from .registry import SCHEMES, get_scheme, select_ruleset
from .rules import Data, Ruleset
from .whatif import hints_for


def list_schemes(on: date | None = None) -> list[dict[str, Any]]:
    """Every scheme with its rulesets, effective dates and the ruleset in force ``on`` (today)."""
    today = on or date.today()
    listing = []
    for scheme in SCHEMES.values():
        current = [r.id for r in scheme.rulesets if r.effective <= today]
        listing.append(
            {
                "scheme": scheme.id,
                "name": scheme.name,
                "current": current[-1] if current else None,
                "rulesets": [
                    {
                        "id": r.id,
                        "effective": r.effective.isoformat(),
                        "document": r.document,
                        "what_if": r.whatif is not None,
                    }
                    for r in scheme.rulesets
                ],
            }
        )
    return listing


def input_schema(scheme: str, ruleset: str | None = None, *, as_of: date | None = None) -> dict[str, Any]:
    """The JSON Schema of the input of ``scheme`` under ``ruleset`` (default: in force today)."""
    return select_ruleset(scheme, ruleset, as_of).schema()


def prepare_input(scheme: str, data: Any, ruleset: str | None = None) -> tuple[Ruleset, Data, list[str]]:
    """Validate ``data`` and return the ruleset, the typed figures and the ignored keys.

    Raises PolicyInputError listing every bad field.
    """
    get_scheme(scheme)
    if not isinstance(data, dict):
        raise PolicyInputError([field_error("", "输入应为 JSON 对象")])
    on = None
    if data.get("as_of") is not None:
        try:
            on = parse_date(data["as_of"])
        except ValueError as error:
            raise PolicyInputError([field_error("as_of", f"评价基准日{error}")]) from None
    chosen = select_ruleset(scheme, ruleset, on)
    values, errors = parse_fields(chosen.fields, data)
    values["as_of"] = on
    prepared = chosen.prepare(values, errors)
    failed = {error["field"] for error in errors}
    errors.extend(error for error in chosen.check(prepared) if error["field"] not in failed)
    if errors:
        raise PolicyInputError(errors)
    known = {spec.name for spec in chosen.fields} | {"as_of"}
    ignored = sorted(str(key) for key in data if key not in known)
    return chosen, prepared, ignored


def evaluate(ruleset: Ruleset, prepared: Data, *, what_if: bool = True) -> Assessment:
    """Assess already validated figures (the fast path used by the batch tools)."""
    with exact():
        result = ruleset.evaluate(prepared)
        if what_if and ruleset.whatif is not None:
            result.extra["hints"] = hints_for(ruleset, prepared, result)
    return result


def assess(scheme: str, data: dict[str, Any], ruleset: str | None = None, *, what_if: bool = True) -> dict[str, Any]:
    """Assess one enterprise; returns the JSON-ready result of POLICY-API.md.

    Raises UnknownSchemeError for an unknown scheme and PolicyInputError (``.errors``) for
    bad input. With ``what_if`` the result carries ``hints`` for scored schemes.
    """
    chosen, prepared, ignored = prepare_input(scheme, data, ruleset)
    result = evaluate(chosen, prepared, what_if=what_if).to_json()
    result["effective"] = chosen.effective.isoformat()
    if ignored:
        result["ignored_fields"] = ignored
    return result


def what_if(scheme: str, data: dict[str, Any], ruleset: str | None = None) -> list[dict[str, Any]]:
    """Only the what-if hints of ``assess`` (empty for schemes without a solver)."""
    return assess(scheme, data, ruleset, what_if=True).get("hints", [])
