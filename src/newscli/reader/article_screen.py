"""The article view: the page as ``show`` prints it, scrollable, its comments navigable.

The page is cut by ``page_parts``: the part before the comments, one part a comment, and
the rest, drawn by one ``PageView`` at the page's measure, so a comment's place on screen
is its part's and ``n``/``p``/``u`` just mark and scroll to parts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.console import Group
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen

from newscli.api import Article, Comment
from newscli.errors import NewsError
from newscli.reader.dialogs import ConfirmScreen
from newscli.reader.footer import SteadyFooter
from newscli.reader.host import Host
from newscli.reader.keys import bindings
from newscli.reader.page_parts import CommentPart, PageParts, page_parts
from newscli.reader.page_view import PageView
from newscli.render.image import image_rows
from newscli.render.page import MEASURE
from newscli.text.safe import one_line


def picture_room(height: int) -> tuple[int, int]:
    """The pixels the feature image is decoded to fill on a terminal ``height`` rows high."""
    return (MEASURE, 2 * image_rows(height))


@dataclass
class CommentBlock:
    """One comment of the page, with its place in the thread; hidden under a folded one
    when ``display`` is False."""

    comment: Comment
    depth: int
    thread: int
    display: bool = True

    @classmethod
    def of(cls, part: CommentPart) -> CommentBlock:
        return cls(part.comment, part.depth, part.thread)


class ArticleScreen(Screen[None]):
    """The article ``open`` was given; actions refresh it from the store. The application
    keeps one, composed before it is first shown, so opening an article lays out a page
    and nothing else."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("article")

    article: Article

    def __init__(self, host: Host) -> None:
        super().__init__()
        self.host = host
        self.blocks: list[CommentBlock] = []
        self.focused_index: int | None = None
        self.folded: set[str] = set()
        self.page = PageView()  # made here so that ``open`` may come before ``compose``
        self.scroller = VerticalScroll(self.page, id="page")

    def compose(self) -> ComposeResult:
        yield self.scroller
        yield SteadyFooter()

    def open(self, article: Article) -> None:
        """Show ``article`` from its top, no comment focused or folded."""
        self.folded.clear()
        self.focused_index = None
        self.page.show(self._parts(article))
        self.scroller.scroll_home(animate=False)

    def _parts(self, article: Article) -> list[Group]:
        """The parts of ``article``'s page (its comments kept in ``blocks``)."""
        self.article = article
        picture = self.host.actions.picture(article.id, picture_room(self.app.size.height))
        parts: PageParts = page_parts(
            article, True, self.host.actions.page_state(article.id), picture
        )
        self.blocks = [CommentBlock.of(part) for part in parts.comments]
        return [Group(*parts.head), *(Group(c.view) for c in parts.comments), Group(*parts.tail)]

    async def show_article(self, article: Article, focus: str | None = None) -> None:
        """Lay out ``article``, keeping the focus on comment ``focus`` if it is still there."""
        self.page.show(self._parts(article))
        ids = [block.comment.id for block in self.blocks]
        self.folded &= set(ids)
        self.focused_index = ids.index(focus) if focus in ids else None
        self._apply_folds()
        if self.focused_index is not None:
            self._focus(self.focused_index)

    @property
    def current_comment(self) -> CommentBlock | None:
        if self.focused_index is None:
            return None
        return self.blocks[self.focused_index]

    def _mark(self) -> None:
        """Show the focus, the folds and the hidden replies on the page (part 0 is the head)."""
        self.page.mark(
            None if self.focused_index is None else self.focused_index + 1,
            frozenset(i + 1 for i, b in enumerate(self.blocks) if b.comment.id in self.folded),
            frozenset(i + 1 for i, b in enumerate(self.blocks) if not b.display),
        )

    def _focus(self, index: int) -> None:
        self.focused_index = index
        self._mark()
        top = self.page.top_of(index + 1)
        if top is not None:
            self.scroller.scroll_to(y=top, animate=False)

    def _need_focus(self) -> CommentBlock | None:
        block = self.current_comment
        if block is None:
            self.notify(
                "No comment is focused: n and p move between comments.",
                severity="warning",
                markup=False,
            )
        return block

    def _descendants(self, index: int) -> list[CommentBlock]:
        """The replies under the comment at ``index`` (they follow it, deeper)."""
        top = self.blocks[index]
        below = []
        for block in self.blocks[index + 1 :]:
            if block.thread != top.thread or block.depth <= top.depth:
                break
            below.append(block)
        return below

    def _apply_folds(self) -> None:
        hidden: set[str] = set()
        for index, block in enumerate(self.blocks):
            if block.comment.id in self.folded and block.comment.id not in hidden:
                hidden |= {b.comment.id for b in self._descendants(index)}
        for block in self.blocks:
            block.display = block.comment.id not in hidden
        self._mark()

    # --- moving -------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss(None)

    def action_down(self) -> None:
        self.scroller.scroll_relative(y=1, animate=False)

    def action_up(self) -> None:
        self.scroller.scroll_relative(y=-1, animate=False)

    async def action_article(self, delta: int) -> None:
        article = self.host.step_article(delta)
        if article is not None:
            self.open(article)

    def action_comment_step(self, delta: int) -> None:
        visible = [i for i, block in enumerate(self.blocks) if block.display]
        if not visible:
            self.notify("This article has no comments yet.", markup=False)
            return
        if self.focused_index is None:
            target = visible[0] if delta > 0 else visible[-1]
        else:
            later = [i for i in visible if (i - self.focused_index) * delta > 0]
            if not later:
                return
            target = later[0] if delta > 0 else later[-1]
        self._focus(target)

    def action_parent(self) -> None:
        block = self._need_focus()
        if block is None or block.depth == 0:
            return
        ids = [b.comment.id for b in self.blocks]
        if block.comment.parent in ids:
            self._focus(ids.index(block.comment.parent))

    def action_fold(self) -> None:
        block = self._need_focus()
        if block is None:
            return
        self.folded ^= {block.comment.id}
        self._apply_folds()

    # --- acting -------------------------------------------------------------------------

    async def act(self, what: str, done: str, *args: object) -> None:
        """Run the Actions method ``what`` on this article, then show the article as stored."""
        focus = self.current_comment.comment.id if self.current_comment else None
        try:
            getattr(self.host.actions, what)(self.article.id, *args)
            article = self.host.actions.article(self.article.id)
        except NewsError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        await self.show_article(article, focus)
        self.host.article_changed(article)
        self.notify(done, markup=False)

    async def action_rate(self, stars: int) -> None:
        await self.act("rate", f"Rated {stars} of 5.", stars)

    async def action_clear_rating(self) -> None:
        await self.act("clear_rating", "Rating taken back.")

    async def action_vote(self, value: str) -> None:
        block = self._need_focus()
        if block is not None:
            await self.act("vote", f"Voted {value}.", block.comment.id, value)

    async def action_comment(self) -> None:
        async def save(text: str | None) -> None:
            if text is not None:
                await self.act("comment", "Comment saved.", text)

        await self.host.write_text("Your comment", "", save)

    async def action_reply(self) -> None:
        block = self._need_focus()
        if block is None:
            return
        comment_id = block.comment.id

        async def save(text: str | None) -> None:
            if text is not None:
                await self.act("reply", "Reply saved.", comment_id, text)

        await self.host.write_text(f"Reply to {one_line(block.comment.display_author)}", "", save)

    async def action_edit(self) -> None:
        block = self._need_focus()
        if block is None:
            return
        comment_id = block.comment.id

        async def save(text: str | None) -> None:
            if text is not None:
                await self.act("edit", "Comment edited.", comment_id, text)

        await self.host.write_text("Edit your comment", block.comment.text, save)

    def action_delete(self) -> None:
        block = self._need_focus()
        if block is None:
            return
        comment_id = block.comment.id

        async def answered(yes: bool | None) -> None:
            if yes:
                await self.act("delete", "Comment deleted.", comment_id)

        author = one_line(block.comment.display_author)
        self.app.push_screen(ConfirmScreen(f"Delete this comment by {author}?"), answered)

    async def action_subscribe(self) -> None:
        await self.act("subscribe", "Subscribed to new comments.")

    def action_open_url(self) -> None:
        self.host.open_link(self.article.url)

    def action_copy_id(self) -> None:
        self.host.copy_id(self.article.id)
