"""Exact and near duplicates, store migrations, search and one-transaction writes."""

from __future__ import annotations

import sqlite3
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import export_records
from newsweave import process
from newsweave.errors import StoreError
from newsweave.model import normalise_for_hash
from newsweave.store import Store

BODY = [
    "The regional court on Thursday ordered the water company to repair the reservoir dam "
    "before the spring floods, after engineers found cracks in its concrete wall.",
    "Judge Maria Keller said the company had ignored three warnings from inspectors since "
    "last autumn and gave it six weeks to present a repair plan.",
    "The company said it would appeal but would start the first works next month anyway, "
    "to protect the villages below the dam.",
    "About 4,000 people live in the valley, and the local council has prepared an "
    "evacuation plan in case the water level keeps rising.",
]


def _page(menu: str, body: list[str], footer: str) -> str:
    return menu + "\n\n" + "\n\n".join(body) + "\n\n" + footer + "\n"


def test_same_body_with_different_clutter_is_one_article(cli, db, tmp_path):
    a = tmp_path / "site-a.txt"
    b = tmp_path / "site-b.txt"
    a.write_text(_page("Home | World | Business | Sport", BODY, "Comments (3)"), "utf-8")
    b.write_text(
        _page("Read also: Dam inspections announced", BODY, "Share\nTags: courts, water"), "utf-8"
    )
    result = cli("ingest", a, b, "--db", db)
    assert result.exit_code == 0
    assert "added 1" in result.stderr and "duplicates 1" in result.stderr
    assert len(export_records(cli, db)) == 1


def test_near_duplicate_flagged_with_link(cli, db, tmp_path):
    a = tmp_path / "orig.txt"
    a.write_text("\n\n".join(BODY), "utf-8")
    edited = [*BODY]
    edited[1] = edited[1].replace("three warnings", "several warnings")
    edited.append("The hearing lasted two hours.")
    b = tmp_path / "copy.txt"
    b.write_text("\n\n".join(edited), "utf-8")
    assert cli("ingest", a, b, "--db", db).exit_code == 0
    with Store(db) as store:
        records = list(store.records())
        assert len(records) == 2
        copy = store.get(records[1]["id"])
    assert copy["near_duplicate_of"] == records[0]["id"]
    assert 0.6 <= copy["near_duplicate_score"] < 1.0
    shown = cli("show", records[1]["id"], "--db", db)
    assert "near-duplicate of" in shown.stdout


def test_unrelated_articles_are_not_near_duplicates(db):
    other = [
        "Two teams of volunteers cleaned the beach near the old lighthouse on Sunday.",
        "They collected more than two hundred kilograms of plastic and fishing nets.",
        "The mayor thanked them and promised new bins along the promenade this summer.",
    ]
    with Store(db) as store:
        assert store.add(process("\n\n".join(BODY))).status == "added"
        assert store.add(process("\n\n".join(other))).status == "added"
        assert store.stats()["near_duplicates"] == 0


def test_migrations_are_applied_once_and_reopen_works(db):
    with Store(db) as store:
        store.add(process("\n\n".join(BODY)))
    with Store(db) as store:
        assert store.count() == 1
    con = sqlite3.connect(db)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    version = con.execute("SELECT version_num FROM alembic_version").fetchall()
    con.close()
    assert {"articles", "articles_fts", "mentions", "alembic_version"} <= tables
    assert version == [("0003",)]


def test_full_text_search_uses_cleaned_body(db):
    with Store(db) as store:
        store.add(process("Home | World | Sport | Weather\n\n" + "\n\n".join(BODY)))
        assert [h["id"] for h in store.search("reservoir dam")]
        assert store.search("Weather") == [], "menu words must not be indexed"
        assert store.search('"; DROP') == []


def _fts_ok(db) -> bool:
    con = sqlite3.connect(db)
    try:  # FTS5 compares its index with the articles table; raises when they differ
        con.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES('integrity-check', 1)")
        triggers = {
            r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
        }
    finally:
        con.close()
    assert "articles_ai" not in triggers and {"articles_ad", "articles_au"} <= triggers
    return True


def test_full_text_index_is_filled_per_transaction(db):
    """The store indexes a batch's articles when it commits, an article outside a batch at
    once, and never one whose savepoint was rolled back."""
    with Store(db) as store:
        store.add(process("\n\n".join(BODY)))  # a transaction of its own
        assert [h["id"] for h in store.search("reservoir")]
    with Store(db):
        pass
    con = sqlite3.connect(db)
    con.execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON mentions WHEN new.text = 'Oslo' "
        "BEGIN SELECT RAISE(ABORT, 'refused'); END"
    )
    con.commit()
    con.close()
    refused = process(
        "The mayor of Oslo opened a new ferry line across the fjord on Monday morning.\n\n"
        "Commuters welcomed the ferry, which runs every twenty minutes until midnight."
    )
    assert any(m.text == "Oslo" for e in refused.entities for m in e.mentions)
    with Store(db) as store:
        with store.batch(size=2, seconds=3600):
            for n in (80, 81, 82):
                store.add(process(_other(n)))
            try:
                store.add(refused)
            except StoreError:
                pass
            else:
                raise AssertionError("the trigger must refuse the article")
            store.add(process(_other(83)))
        assert len(store.search("oak trees")) == 4
        assert store.search("ferry") == []
    with Store(db) as generic:
        generic._raw = None  # SQLAlchemy's nested transactions, as on other databases
        with generic.batch():
            generic.add(process(_other(90)))
        generic.add(process(_other(91)))
        assert len(generic.search("oak trees")) == 6
    assert _fts_ok(db)


def test_interrupted_indexing_is_done_again_before_the_commit(db, monkeypatch):
    """Ctrl-C while the batch's articles are being indexed: the batch still commits them
    all, indexed once."""
    real = Store._index_text
    calls = []

    def interrupted(self, conn, rowids):
        calls.append(len(rowids))
        real(self, conn, rowids)
        if len(calls) == 1:
            raise KeyboardInterrupt

    monkeypatch.setattr(Store, "_index_text", interrupted)
    try:
        with Store(db) as store, store.batch(size=3, seconds=3600):
            for n in (100, 101, 102):
                store.add(process(_other(n)))
    except KeyboardInterrupt:
        pass
    else:
        raise AssertionError("the interruption must come through")
    assert calls == [3, 3]
    with Store(db) as store:
        assert store.count() == 3
        assert len(store.search("oak trees")) == 3
    assert _fts_ok(db)


def test_database_of_revision_0002_keeps_its_index(db):
    from sqlalchemy import create_engine

    from newsweave.store import upgrade

    engine = create_engine(f"sqlite:///{db}")
    upgrade(engine, "0002")
    engine.dispose()
    con = sqlite3.connect(db)  # written as by the store of revision 0002: the trigger indexes
    con.execute(
        "INSERT INTO articles (id, fingerprint, source, text, raw, record, ingested_at) "
        "VALUES ('old1', 'fp-old1', 'old.txt', 'An old article about the lighthouse.', '', "
        "'{}', '2024-01-01T00:00:00')"
    )
    con.commit()
    con.close()
    with Store(db) as store:
        assert [h["id"] for h in store.search("lighthouse")] == ["old1"]
        with store.batch():
            store.add(process("\n\n".join(BODY)))
        assert len(store.search("lighthouse")) == 1
        assert len(store.search("reservoir")) == 1
    assert _fts_ok(db)


def test_id_prefix_lookup(db):
    with Store(db) as store:
        doc = process("\n\n".join(BODY))
        store.add(doc)
        assert store.get(doc.id[:6])["record"]["id"] == doc.id
        assert store.get("zzzz") is None


def _rows(db) -> tuple[list[tuple], list[tuple]]:
    con = sqlite3.connect(db)
    arts = con.execute(
        "SELECT id, fingerprint, url, source, lang, title, outlet, published, text, raw, "
        "minhash, near_duplicate_of, near_duplicate_score, record FROM articles ORDER BY id"
    ).fetchall()
    ments = con.execute("SELECT * FROM mentions ORDER BY rowid").fetchall()
    con.close()
    return arts, ments


def test_driver_and_sqlalchemy_paths_store_the_same_rows(tmp_path):
    """SQLite is written through the driver's cursor; other databases through SQLAlchemy
    (forced here on SQLite): the rows must not differ."""
    docs = [process("\n\n".join(BODY)), process(_other(5))]
    assert docs[0].entities and docs[0].sentences
    written = []
    for name, raw in (("driver.db", True), ("generic.db", False)):
        with Store(tmp_path / name) as store:
            assert (store._raw is not None) is True
            if not raw:
                store._raw = None
            with store.batch():
                for doc in docs:
                    assert store.add(doc).status == "added"
        written.append(_rows(tmp_path / name))
    assert written[0] == written[1]
    assert len(written[0][1]) == sum(len(e.mentions) for d in docs for e in d.entities)


def _other(n: int) -> str:
    return (
        f"Volunteers planted {n} oak trees along the river on Saturday, the park service said.\n\n"
        f"The service plans to plant {n + 100} more next spring if the saplings survive winter."
    )


def test_batch_keeps_the_others_when_one_article_fails(db):
    with Store(db):
        pass  # creates the schema
    con = sqlite3.connect(db)
    con.execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON mentions WHEN new.text = 'Maria Keller' "
        "BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END"
    )
    con.commit()
    con.close()
    first, second = process(_other(10)), process(_other(20))
    bad = process("\n\n".join(BODY))
    assert any(m.text == "Maria Keller" for e in bad.entities for m in e.mentions)
    with Store(db) as store, store.batch(size=100):
        assert store.add(first).status == "added"
        try:
            store.add(bad)
        except StoreError as exc:
            assert "refused by test trigger" in str(exc)
        else:
            raise AssertionError("the trigger must refuse the article")
        assert store.add(second).status == "added"
        assert store.add(process(_other(10))).status == "duplicate", "seen inside the batch"
    con = sqlite3.connect(db)
    ids = {r[0] for r in con.execute("SELECT id FROM articles")}
    orphans = con.execute("SELECT count(*) FROM mentions WHERE article_id = ?", (bad.id,))
    assert ids == {first.id, second.id}
    assert orphans.fetchone() == (0,), "the failed article's savepoint is rolled back whole"
    con.close()


def test_batch_commits_what_was_added_before_an_error(db):
    try:
        with Store(db) as store, store.batch(size=100):
            store.add(process(_other(30)))
            store.add(process(_other(40)))
            raise KeyboardInterrupt
    except KeyboardInterrupt:
        pass
    with Store(db) as store:
        assert store.count() == 2


def test_batch_commits_every_size_articles(db):
    with Store(db) as store, store.batch(size=2, seconds=3600):
        for n in (50, 60, 70):
            store.add(process(_other(n)))
        con = sqlite3.connect(db)  # another reader sees only committed rows
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (2,)
        con.close()
    with Store(db) as store:
        assert store.count() == 3


@given(
    st.lists(st.sampled_from(["dam", "Dam", "court", "суд", "đê", "x_y", "3,5", "!"]), max_size=40)
)
@settings(max_examples=200, deadline=None)
def test_signature_values_are_datasketchs(words):
    # the vectorised signature equals MinHash.update_batch over the unique shingles
    from datasketch import MinHash

    from newsweave.settings import DedupSettings
    from newsweave.stages.dedup import SCHEME, _identity, _template, shingles, signature_values

    settings_ = DedupSettings()
    text = " ".join(words)
    mh = MinHash(
        num_perm=settings_.num_perm,
        hashfunc=_identity,
        permutations=_template(settings_.num_perm).permutations,
        scheme=SCHEME,
    )
    mh.update_batch(shingles(text, settings_.shingle_words).tolist())
    assert signature_values(text, settings_).tolist() == mh.hashvalues.tolist()


@given(st.lists(st.integers(0, 127), min_size=2, max_size=12), st.integers(0, 2**32 - 1))
@settings(max_examples=50, deadline=None)
def test_near_duplicate_index_proposes_what_datasketch_lsh_does(changes, seed):
    # signatures that share more or fewer bands with each other: the index's candidates
    # are exactly MinHashLSH's, and the match is the best candidate at the threshold
    import numpy as np
    from datasketch import MinHash, MinHashLSH

    from newsweave.dedup import NearDuplicateIndex
    from newsweave.settings import DedupSettings
    from newsweave.stages.dedup import SCHEME, _identity, _template

    settings_ = DedupSettings()
    n = settings_.num_perm
    rng = np.random.default_rng(seed)
    base = rng.integers(0, 2**32, n, dtype=np.uint32)
    signatures = []
    for k in changes:
        values = base.copy()
        values[rng.choice(n, size=k, replace=False)] = rng.integers(0, 2**32, k, dtype=np.uint32)
        signatures.append(values)
    lsh = MinHashLSH(threshold=settings_.candidate_threshold, num_perm=n, weights=(0.2, 0.8))
    index = NearDuplicateIndex(settings_)
    perms = _template(n).permutations
    stored: dict[str, MinHash] = {}
    for i, values in enumerate(signatures):
        data = values.astype("<u4").tobytes()
        mh = MinHash(n, hashfunc=_identity, hashvalues=values, permutations=perms, scheme=SCHEME)
        proposed = lsh.query(mh)
        assert set(index.candidates(data)) == set(proposed)
        scores = [(mh.jaccard(stored[key]), -int(key)) for key in proposed]
        best = max((s for s in scores if s[0] >= settings_.threshold), default=None)
        expected = None if best is None else (str(-best[1]), round(best[0], 3))
        assert index.match(data) == expected
        lsh.insert(str(i), mh)
        index.add(str(i), data)
        stored[str(i)] = mh


@given(
    st.lists(
        st.sampled_from(
            [
                "a",
                "A",
                "\n",
                "\n\n",
                " ",
                "\u00a0",
                "\u0301",
                "\u0308",
                "e\u0301",
                "\u00e9",
                "№",
                "…",
                "ﬁ",
                "Ⅻ",
                "\u1100",
                "\u1161",
                "\u11a8",
                "가",
                "ß",
                "ǅ",
                "\u0345",
                "ό",
                "\u2028",
                "\x1c",
                "¨",
                "\u3000",
                "ư",
                "ї",
                "Ё",
                "\ufb01",
            ]
        ),
        max_size=30,
    )
)
@settings(max_examples=500, deadline=None)
def test_normalise_for_hash_is_whole_text_nfkc(parts):
    text = "".join(parts)
    whole = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    assert normalise_for_hash(text) == whole
