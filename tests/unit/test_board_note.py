"""The note of values to put back, in and out of a board's README (board_note.py): pure."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_bot.board.note import TAG, PendingValues, note_in, read_note, without_note

LEARNERS = "# My plan\n\nOne item a week. <!-- a comment of mine -->\n"
PENDING = PendingValues("Section", {"PVTI_b": "Git", "PVTI_a": "Git", "PVTI_c": "Mine"})


def test_the_note_goes_at_the_end_and_comes_out_leaving_the_text_as_it_was() -> None:
    noted = note_in(LEARNERS, PENDING)
    assert noted.startswith(LEARNERS)
    assert noted.count(TAG) == 1
    assert read_note(noted) == PENDING
    assert without_note(noted) == LEARNERS


def test_an_empty_readme_holds_the_note_alone() -> None:
    noted = note_in("", PENDING)
    assert noted.startswith(f"<!-- {TAG}\n")
    assert without_note(noted) == ""


def test_the_note_is_one_hidden_comment_that_says_what_it_is() -> None:
    noted = note_in("", PendingValues("Section", {"PVTI_a": "--> <b>x</b> <!--"}))
    assert noted.count("-->") == 1
    assert noted.endswith("-->")
    assert "takes this note out itself" in noted
    assert read_note(noted) == PendingValues("Section", {"PVTI_a": "--> <b>x</b> <!--"})


def test_a_new_note_replaces_an_old_one() -> None:
    once = note_in(LEARNERS, PENDING)
    twice = note_in(once, PendingValues("Difficulty", {"PVTI_z": "Unsure"}))
    assert twice.count(TAG) == 1
    assert read_note(twice) == PendingValues("Difficulty", {"PVTI_z": "Unsure"})
    assert without_note(twice) == LEARNERS


def test_a_readme_without_a_note_has_nothing_pending() -> None:
    assert read_note(LEARNERS) is None
    assert read_note("") is None
    assert without_note(LEARNERS) == LEARNERS


def test_line_endings_changed_to_crlf_still_read_and_come_out() -> None:
    noted = note_in(LEARNERS, PENDING).replace("\n", "\r\n")
    assert read_note(noted) == PENDING
    assert without_note(noted) == LEARNERS.replace("\n", "\r\n")


def test_a_note_edited_by_hand_is_damaged_not_a_crash() -> None:
    noted = note_in(LEARNERS, PENDING)
    for damaged in (
        noted.replace('{"field"', '{"fie'),
        noted.replace('"values":{', '"values":[').replace("]}}", "]}]"),
        noted.replace('"Git":["PVTI_a","PVTI_b"]', '"Git":"PVTI_a"'),
    ):
        assert damaged != noted
        assert read_note(damaged) == PendingValues("", damaged=True), damaged
        assert without_note(damaged) == LEARNERS


names = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20)


@settings(max_examples=300, derandomize=True, database=None)
@given(
    readme=st.text(max_size=200).filter(lambda text: TAG not in text),
    field_name=names,
    values=st.dictionaries(st.text(min_size=1, max_size=12), names, max_size=8),
)
def test_any_readme_and_values_round_trip(
    readme: str, field_name: str, values: dict[str, str]
) -> None:
    noted = note_in(readme, PendingValues(field_name, values))
    assert read_note(noted) == PendingValues(field_name, values)
    assert without_note(noted) == readme
