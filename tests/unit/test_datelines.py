from chancery.nlp.datelines import dateline_spans, story_starts


def test_slashed_wire_dateline_starts_the_story_after_it() -> None:
    text = "WASHINGTON/CARACAS, May 17 (Wire) - The United States on Tuesday eased sanctions."
    (start,) = story_starts(text)
    assert text[start:].startswith("The United States")
    assert dateline_spans(text)[0] == (0, start)


def test_a_headline_with_a_dash_is_no_dateline_to_split() -> None:
    assert story_starts("Russia - Ukraine talks resume in Istanbul") == []
    assert story_starts("Nauru: Taiwan ties cut after decades") == []


def test_dateline_forms() -> None:
    for text in (
        "LA PAZ, Bolivia (AP) — Bolivia restored ties with Israel.",
        "NEW DELHI/OTTAWA, Oct 15 (Wire) - India and Canada each expelled six diplomats.",
        "Guatemala City, Nov 14 (EFE).- The government said.",
    ):
        (start,) = story_starts(text)
        assert text[start - 2 : start].strip() in {"—", "-", ".-"}, text
