import time
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

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


# -- the sweep gives what checking every cluster gave ---------------------------------------
def _reference_clusters(claims: list[ClaimRow]) -> list[list[int]]:
    """The definition, checked the slow way: each claim in date order joins the first
    cluster all of whose dates are compatible with its own."""
    from chancery.fuse import _compatible

    clusters: list[list[ClaimRow]] = []
    for claim in sorted((c for c in claims if c.date), key=lambda c: (c.date, c.id)):
        for cluster in clusters:
            if all(_compatible(claim.date, d.date) for d in cluster):  # type: ignore[arg-type]
                cluster.append(claim)
                break
        else:
            clusters.append([claim])
    return [[c.id for c in cluster] for cluster in clusters]


_DATES = st.one_of(
    st.dates(date(2020, 1, 1), date(2020, 4, 30)).map(date.isoformat),
    st.sampled_from(["2020", "2021", "2020-01", "2020-02", "2020-03", "2020-04", "2019-12"]),
)


@given(st.lists(_DATES, max_size=60))
@settings(max_examples=300, deadline=None)
def test_the_date_sweep_clusters_exactly_as_checking_every_cluster(dates: list[str]) -> None:
    claims = [row(i, d) for i, d in enumerate(dates)]
    got = [[c.id for c in cluster.claims] for cluster in cluster_claims(claims)]
    assert got == _reference_clusters(claims)


def test_one_busy_group_clusters_in_linear_time() -> None:
    """200,000 scattered days of one pair: the sweep keeps a few clusters open, so this
    takes about a second where checking every cluster took minutes (the cap is generous)."""
    start = date(1900, 1, 1).toordinal()
    claims = [row(i, date.fromordinal(start + (i * 7919) % 40_000).isoformat())
              for i in range(200_000)]
    began = time.perf_counter()
    clusters = cluster_claims(claims)
    assert time.perf_counter() - began < 30
    assert sum(len(c.claims) for c in clusters) == len(claims)
    assert all(len(c.dates) <= 8 for c in clusters)  # no cluster spans more than 8 days
