from chancery.fuse import ClaimRow, cluster_claims, group_key, summarise


def row(i: int, date: str | None, modality: str = "asserted", outlet: str = "a") -> ClaimRow:
    return ClaimRow(i, f"art{i}", outlet, modality, date, "2025-07-04")


def test_close_dates_fuse_and_disagreement_is_kept() -> None:
    (cluster,) = cluster_claims(
        [row(1, "2025-07-03", outlet="x"), row(2, "2025-07-04", outlet="y")]
    )
    summary = summarise(cluster)
    assert summary.date == "2025-07-03"
    assert summary.dates == ["2025-07-03", "2025-07-04"]
    assert summary.disputed and summary.n_sources == 2


def test_distant_dates_are_different_events() -> None:
    clusters = cluster_claims([row(1, "2016"), row(2, "2023-03-10")])
    assert len(clusters) == 2


def test_undated_claims_join_the_nearest_event() -> None:
    clusters = cluster_claims([row(1, "2025-07-03"), row(2, None)])
    assert len(clusters) == 1 and len(clusters[0].claims) == 2


def test_negation_against_assertion_is_a_dispute() -> None:
    (cluster,) = cluster_claims([row(1, None), row(2, None, "negated")])
    assert summarise(cluster).disputed


def test_meet_is_symmetric() -> None:
    assert group_key("MEET", "RUS", "AFG") == group_key("MEET", "AFG", "RUS")
    assert group_key("RECOGNIZE", "RUS", "AFG") != group_key("RECOGNIZE", "AFG", "RUS")
