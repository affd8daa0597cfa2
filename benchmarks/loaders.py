"""Programs that load the generated articles into each tool, run as ``python -c`` in the
right interpreter (buku and papis live in their own venv)."""

# One article with 2,000 comments (a third of them replies) and 20,000 comment votes, and a
# reader with 50 subscriptions who has read their inbox; made once per store, not timed.
DISCUSSION_LOADER = """
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from newscli import api
from newscli.errors import InvalidInput
from newscli.model.article import Article, Comment, CommentVote
store = api.open_store(Path(sys.argv[1]))
big = "bgtakkz2"
if not store.path_for(big).exists():
    t0 = datetime(2024, 1, 1, tzinfo=UTC)
    comments = []
    for n in range(2000):
        parent = comments[n - 1 - n % 7].id if n % 3 == 2 else None
        votes = [CommentVote(f"voter{v}", 1 if (n + v) % 4 else -1, t0) for v in range(10)]
        comments.append(Comment(id=f"c{n:05d}", text=f"Comment number {n}.", at=t0 + timedelta(
            seconds=n), author=f"reader{n % 50}", parent=parent, votes=votes))
    store.create(Article(id=big, title="A busy discussion", body="One paragraph.", added=t0,
                         updated=t0, comments=comments))
ids, _ = api.list_ids(store, api.ListQuery(limit=50))
for article_id in ids:
    try:
        api.subscribe(store, article_id, "bench")
    except InvalidInput:
        pass  # subscribed on an earlier run
api.inbox(store, "bench", mark_read=True)
"""

BUKU_LOADER = """
import json, sys
from buku import BukuDb
db = BukuDb(dbfile=sys.argv[1])
with open(sys.argv[2], encoding="utf-8") as lines:
    for line in lines:
        r = json.loads(line)
        tags = "," + ",".join(r["tags"]) + "," if r["tags"] else None
        db.add_rec(r["url"], r["title"], tags, r["body"], delay_commit=True, fetch=False)
db.conn.commit()
"""

PAPIS_LOADER = """
import json, sys, yaml
from pathlib import Path
library = Path(sys.argv[1])
with open(sys.argv[2], encoding="utf-8") as lines:
    for number, line in enumerate(lines):
        r = json.loads(line)
        folder = library / f"doc{number:06d}"
        folder.mkdir(parents=True)
        info = {"title": r["title"], "author": r["author"], "year": int(r["published"][:4]),
                "tags": r["tags"], "url": r["url"], "abstract": r["body"], "type": "article",
                "ref": f"doc{number:06d}"}
        (folder / "info.yaml").write_text(yaml.safe_dump(info, allow_unicode=True), "utf-8")
"""
