from chancery.nlp.prefilter import select, whole

DIPLOMATIC = (
    "Headline: a busy week\n\n"
    "The weather in the capital was mild and markets were calm.\n\n"
    "Russia formally recognised the Taliban government on Thursday.\n\n"
    "Local football results followed later in the evening."
)


def test_non_diplomatic_text_is_not_parsed() -> None:
    assert select("The league sanctioned the club after the match. Fans were recognised.").empty
    # a trigger word without the object its pattern needs does not count
    assert select("Spain will open a new museum in Madrid next year, officials said.").empty


def test_kept_paragraphs_map_back_to_the_article() -> None:
    window = select(DIPLOMATIC)
    assert "recognised the Taliban" in window.text
    assert "football" not in window.text  # after the event: not needed
    assert "weather" in window.text  # the paragraph before stays, as context
    start = window.text.index("Russia formally")
    original = window.to_article(start)
    assert DIPLOMATIC[original : original + 15] == "Russia formally"


def test_pronoun_paragraph_keeps_its_antecedent() -> None:
    text = (
        "Title\n\nKazakhstan spoke at length.\n\nIt removed them from its terrorist list.\n\nEnd."
    )
    window = select(text)
    assert "Kazakhstan spoke" in window.text and "terrorist list" in window.text


def test_whole_is_the_identity() -> None:
    window = whole("abc")
    assert window.text == "abc" and window.to_article(2) == 2


def test_a_nationality_adjective_alone_does_not_name_an_actor() -> None:
    from chancery.nlp.prefilter import has_actor

    assert has_actor("An Australian man was attacked by a shark.")
    assert not has_actor("An Australian man was attacked by a shark.", named_only=True)
    assert has_actor("The French government condemned the coup.", named_only=True)
    assert has_actor("The Afghan interim government sent an envoy.", named_only=True)
    assert has_actor("Kenya signed the deal.", named_only=True)


def test_a_story_whose_only_actor_is_an_adjective_is_not_parsed() -> None:
    story = (
        "Surfer dies on the Gold Coast\n\n"
        "Police said a man was attacked by a shark while surfing on Tuesday.\n\n"
        "An Australian lifeguard said it was the second attack this year."
    )
    assert select(story).empty
    soldiers = story.replace("An Australian lifeguard", "Australian soldiers")
    assert "Australian soldiers" in select(soldiers).text


def test_a_paragraph_naming_leaders_by_surname_is_kept() -> None:
    from chancery.nlp.prefilter import has_actor

    assert has_actor("Modi and Macron met in Paris.", named_only=True)
    assert not has_actor("The modi operandi of the group changed.", named_only=True)
    story = (
        "Delhi and Male mend ties\n\n"
        "India welcomed the Maldivian decision to recognise the new envoy.\n\n"
        "Rain fell over the islands all week.\n\n"
        "Modi and Muizzu last met in Dubai on December 1, where they held talks."
    )
    assert "held talks" in select(story).text
