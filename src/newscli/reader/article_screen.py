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
from newscli.reader.actions import picture_room
from newscli.reader.dialogs import ConfirmScreen
from newscli.reader.footer import KeysFooter
from newscli.reader.host import Host
from newscli.reader.keys import KEYS, bindings
from newscli.reader.page_parts import CommentPart, PageParts, page_parts
from newscli.reader.page_view import PageView
from newscli.text.drafts import comment_template
from newscli.text.layout import INDENT
from newscli.text.safe import one_line


def replies(count: int) -> str:
    """``1 reply``, ``3 replies``."""
    return "1 reply" if count == 1 else f"{count} replies"


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

    KEYS_OF = "article"
    BINDINGS: ClassVar[list[BindingType]] = bindings(KEYS_OF)

    article: Article

    def __init__(self, host: Host) -> None:
        super().__init__()
        self.host = host
        self.blocks: list[CommentBlock] = []
        self.focused_index: int | None = None
        self._following = False  # the screen follows the focused comment (not scrolled away)
        self._scroll_when_shown = False
        self.folded: set[str] = set()
        self.page = PageView()  # made here so that ``open`` may come before ``compose``
        self.scroller = VerticalScroll(self.page, id="page")

    def compose(self) -> ComposeResult:
        yield self.scroller
        yield KeysFooter()

    def open(self, article: Article, comment_id: str | None = None) -> None:
        """Show ``article`` from its top, no comment focused or folded; or at the comment
        ``comment_id``, focused, if it is there."""
        self.folded.clear()
        self.focused_index = None
        self.page.show(self._parts(article))
        self.scroller.scroll_home(animate=False)
        ids = [block.comment.id for block in self.blocks]
        self._following = comment_id in ids
        if comment_id in ids:
            self.focused_index = ids.index(comment_id)
            self._mark()
            # Once the page is laid out; on a screen not shown yet, once it is shown (a
            # call after refresh would run at once there).
            if self.is_current:
                self.call_after_refresh(self._show_focused)
            else:
                self._scroll_when_shown = True

    def _parts(self, article: Article) -> list[Group]:
        """The parts of ``article``'s page (its comments kept in ``blocks``)."""
        self.article = article
        picture = self.host.actions.picture(article.id, picture_room(self.app.size.height))
        state = self.host.actions.page_state(article.id)
        parts: PageParts = page_parts(article, True, state, picture, self._keys())
        self.blocks = [CommentBlock.of(part) for part in parts.comments]
        return [Group(*parts.head), *(Group(c.view) for c in parts.comments), Group(*parts.tail)]

    def _keys(self) -> dict[str, str]:
        """The keys the page names: subscribe and comment, as the reader has them bound."""
        shown = {}
        for active in self.active_bindings.values():
            binding = active.binding
            if binding.id in ("subscribe", "comment") and binding.id not in shown:
                shown[binding.id] = self.app.get_key_display(binding)
        return {name: shown.get(name, KEYS[name].keys) for name in ("subscribe", "comment")}

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
        folded = {
            i + 1: " " * (block.depth * INDENT) + f"+{replies(len(self._descendants(i)))}"
            for i, block in enumerate(self.blocks)
            if block.comment.id in self.folded and block.display
        }
        self.page.mark(
            None if self.focused_index is None else self.focused_index + 1,
            folded,
            frozenset(i + 1 for i, b in enumerate(self.blocks) if not b.display),
        )

    def _focus(self, index: int) -> None:
        self.focused_index = index
        self._mark()
        self._show_focused()
        self._following = True

    def _show_focused(self) -> None:
        """Scroll the focused comment's top to the top of the screen."""
        top = None if self.focused_index is None else self.page.top_of(self.focused_index + 1)
        if top is not None:
            self.scroller.scroll_to(y=top, animate=False)

    def on_screen_resume(self) -> None:
        if self._scroll_when_shown:
            self._scroll_when_shown = False
            self.call_after_refresh(self._show_focused)

    def on_resize(self) -> None:
        # The page is laid out again at the new width: keep the focused comment in sight,
        # unless the reader has scrolled away from it since.
        if self._following:
            self.call_after_refresh(self._show_focused)

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
        self._following = False
        self.scroller.scroll_relative(y=1, animate=False)

    def action_up(self) -> None:
        self._following = False
        self.scroller.scroll_relative(y=-1, animate=False)

    def action_first(self) -> None:
        self._following = False
        self.scroller.scroll_home(animate=False)

    def action_last(self) -> None:
        self._following = False
        self.scroller.scroll_end(animate=False)

    async def action_article(self, delta: int) -> None:
        article = self.host.step_article(delta)
        if article is not None:
            self.open(article)

    def _step(self, among: list[int], delta: int) -> None:
        """Focus the next (``delta`` 1) or previous (-1) comment of ``among`` (indexes)."""
        if not self.blocks:
            self.notify("This article has no comments yet.", markup=False)
            return
        if self.focused_index is None:
            target = among[0] if delta > 0 else among[-1]
        else:
            later = [i for i in among if (i - self.focused_index) * delta > 0]
            if not later:
                self.notify("No more comments this way.", markup=False)
                return
            target = later[0] if delta > 0 else later[-1]
        self._focus(target)

    def action_comment_step(self, delta: int) -> None:
        self._step([i for i, block in enumerate(self.blocks) if block.display], delta)

    def action_thread_step(self, delta: int) -> None:
        self._step([i for i, block in enumerate(self.blocks) if block.depth == 0], delta)

    def action_next_new(self) -> None:
        """Focus the next comment written since the reader's last visit, unfolding it."""
        state = self.host.actions.page_state(self.article.id)
        after = -1 if self.focused_index is None else self.focused_index
        new = [i for i, b in enumerate(self.blocks) if i > after and state.is_new(b.comment)]
        if not new:
            self.notify("No new comments below.", markup=False)
            return
        self.folded -= self._ancestors(new[0])
        self._apply_folds()
        self._focus(new[0])

    def _ancestors(self, index: int) -> set[str]:
        """The ids of the comments the one at ``index`` replies to, up to its thread's top."""
        parents = {b.comment.id: b.comment.parent for b in self.blocks}
        found: set[str] = set()
        parent = self.blocks[index].comment.parent
        while parent is not None and parent in parents and parent not in found:
            found.add(parent)
            parent = parents[parent]
        return found

    def action_parent(self) -> None:
        block = self._need_focus()
        if block is None or block.depth == 0:
            return
        ids = [b.comment.id for b in self.blocks]
        if block.comment.parent in ids:
            self._focus(ids.index(block.comment.parent))

    def action_fold(self) -> None:
        block = self._need_focus()
        if block is None or self.focused_index is None:
            return
        if not self._descendants(self.focused_index):
            self.notify("This comment has no replies to fold.", markup=False)
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

        template = comment_template(self.article.title, self.article.id)
        await self.host.write_text("Your comment", "", save, template)

    async def action_reply(self) -> None:
        block = self._need_focus()
        if block is None:
            return
        comment_id = block.comment.id

        async def save(text: str | None) -> None:
            if text is not None:
                await self.act("reply", "Reply saved.", comment_id, text)

        title = f"Reply to {one_line(block.comment.display_author)}"
        template = comment_template(self.article.title, self.article.id, reply_to=block.comment)
        await self.host.write_text(title, "", save, template)

    async def action_edit(self) -> None:
        block = self._need_focus()
        if block is None:
            return
        comment_id = block.comment.id

        async def save(text: str | None) -> None:
            if text is not None:
                await self.act("edit", "Comment edited.", comment_id, text)

        template = comment_template(self.article.title, self.article.id, editing=True)
        await self.host.write_text("Edit your comment", block.comment.text, save, template)

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
        if self.host.actions.page_state(self.article.id).subscription is None:
            await self.act("subscribe", "Subscribed to new comments.")
        else:
            await self.act("unsubscribe", "Unsubscribed.")

    def action_open_url(self) -> None:
        self.host.open_link(self.article.url)

    def action_copy_id(self) -> None:
        self.host.copy_id(self.article.id)
