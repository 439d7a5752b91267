"""The workflow engine's own tests (P8): the transition table decides who may do what, at which
level, and where a record goes next — including review levels found from the region."""

from dataclasses import dataclass, field

from keqi.workflow.spec import NEXT_LEVEL, Level, Process, Transition


@dataclass
class Region:
    path: str
    level: str


@dataclass
class Actor:
    role: str
    region: Region | None = None
    enterprise_id: int | None = None
    is_platform_admin: bool = False


@dataclass
class Record:
    status: str
    level: int = 0
    region_path: str = "110000/110114/"
    enterprise_id: int = 7
    extra: dict = field(default_factory=dict)


def officer_of(user, record, level):
    return (
        user.region is not None
        and user.region.level == level.region_level
        and record.region_path.startswith(user.region.path)
    )


PROCESS = Process(
    key="test",
    states={"draft": "填报中", "review": "审核中", "returned": "退回", "approved": "通过"},
    initial="draft",
    transitions=(
        Transition("submit", "提交", ("draft", "returned"), "review", ("ENT",), "企业", "提交"),
        Transition("pass", "通过", ("review",), NEXT_LEVEL, (), "", "通过", at_level=True),
        Transition("return", "退回", ("review",), "returned", (), "", "退回", opinion_required=True, at_level=True),
    ),
    levels=(
        Level("county", "区县", ("DIS",), "county"),
        Level("city", "市", ("CITY",), "province"),
    ),
    review_state="review",
    final="approved",
    level_officer=officer_of,
)
COUNTY = Actor("DIS", Region("110000/110114/", "county"))
OTHER_COUNTY = Actor("DIS", Region("500000/500240/", "county"))
CITY = Actor("CITY", Region("110000/", "province"))


def names(user, record):
    return [t.name for t in PROCESS.allowed(user, record)]


def test_only_the_current_levels_officer_in_the_records_region_may_decide():
    record = Record("review", level=0)
    assert names(COUNTY, record) == ["pass", "return"]
    assert names(OTHER_COUNTY, record) == []
    assert names(CITY, record) == []  # not yet at the city level
    record.level = 1
    assert names(COUNTY, record) == []
    assert names(CITY, record) == ["pass", "return"]


def test_next_level_then_final_state():
    item = PROCESS.transition("pass")
    assert PROCESS.target_of(item, Record("review", level=0)) == ("review", 1)
    assert PROCESS.target_of(item, Record("review", level=1)) == ("approved", None)
    assert PROCESS.target_of(PROCESS.transition("return"), Record("review", level=1)) == ("returned", None)


def test_role_transitions_ignore_levels_and_admin_passes_any_level():
    assert names(Actor("ENT", enterprise_id=7), Record("draft")) == ["submit"]
    assert names(Actor("ENT", enterprise_id=7), Record("review")) == []
    assert names(Actor("ADM", is_platform_admin=True), Record("review", level=1)) == ["pass", "return"]


def test_labels_and_current_level():
    assert PROCESS.label("returned") == "退回" and PROCESS.label("unknown") == "unknown"
    assert PROCESS.current_level(Record("review", level=1)).label == "市"
    assert PROCESS.current_level(Record("review", level=5)) is None
