"""Classroom play on a projector: the facilitator paces a class session with a presenter's clicker.

The screen holds a `ClassSession` and shows its one stage; every key asks the
session for its next value and saves it (`GameStore.save_class`) before
drawing, so a killed game resumes at the same step with its votes. A step the
session refuses (a tie not yet broken, a vote outside the vote phase) is said
in the status bar's words, never raised.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Button, Footer, Header, Static

from offscript.classroom.session import ClassError, ClassSession, Phase
from offscript.tui.commands import GameCommand
from offscript.tui.messages import BackToLibrary
from offscript.tui.safe import plain
from offscript.tui.screens.base import GameScreen
from offscript.tui.store import shown_path
from offscript.tui.widgets.button import GameButton
from offscript.tui.widgets.projector import debrief_lines, stage, status

if TYPE_CHECKING:
    from offscript.tui.voting import Voting

NEXT = "Next phase (clicker: page down, right, space)"
BACK = "Back a phase (clicker: page up, left)"


class ClassroomScreen(GameScreen):
    """One scenario played by a room, one phase at a time."""

    BINDINGS = [
        Binding("space,right,pagedown", "advance", "Next", id="class-next", tooltip=NEXT, priority=True),
        Binding("left,pageup", "back", "Back", id="class-back", tooltip=BACK, priority=True),
        *[
            Binding(
                str(n),
                f"number({n})",
                show=False,
                tooltip="Vote: a hand (or the team's pick) for that option; decide: the option the class takes",
            )
            for n in range(1, 10)
        ],
        Binding("backspace", "take_back", "Undo vote", show=False, tooltip="Take back the last hand or pick counted"),
        Binding("r", "revote", "Revote", id="class-revote", tooltip="Vote again on this decision (after the reveal)"),
        Binding(
            "o", "others", "Others", id="class-others", show=False, tooltip="The other options' feedback and scores"
        ),
        Binding("b,full_stop", "blank", "Blank", id="class-blank", tooltip="Blank the screen, or show it again"),
        Binding("f", "facilitator", "Notes", id="class-notes", tooltip="The facilitator's notes (not for projecting)"),
        Binding(
            "x",
            "export",
            "Export",
            id="class-export",
            show=False,
            tooltip="Write the class's record: Markdown, HTML, CSV",
        ),
        Binding("l", "lobby", "Lobby", id="class-lobby", tooltip="The phones' lobby: the QR code and the room code"),
        Binding("escape", "leave", "Leave", id="class-leave", tooltip="Leave classroom play (the class is saved)"),
    ]

    def __init__(
        self,
        session: ClassSession,
        *,
        notice: str = "",
        name_teams: bool = False,
        phones: bool = False,
        host: str | None = None,
        port: int | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.phones, self.host, self.port = phones, host, port  # voting from phones, and where the server listens
        self.voting: Voting | None = None
        self.leaving = False
        self.votes_landing = False  # phones' votes counted, their save and redraw still to come
        self.option_buttons: tuple[Phase, int, int] | None = None  # what the row of option buttons was drawn for
        self.debrief_drawn: tuple[object, object] | None = None  # the run and decisions the debrief shows
        self.lobby_open = phones
        self.name_teams = name_teams  # a new class in teams: ask for their names first
        self.notice = notice
        self.others = False
        self.deadline: float | None = None
        self.ticker: Timer | None = None
        self.facilitator_open = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="classroom"):
            with Horizontal(id="lobby"):
                yield Static(id="lobby-qr")
                yield Static(id="lobby-text")
            with VerticalScroll(id="stage-box"):
                yield Static(id="stage")
                yield Horizontal(id="class-options")
                yield Static(id="class-debrief")
                yield Horizontal(id="class-rewinds")
            yield Static(id="facilitator-panel")
        yield Static(id="class-status")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"{self.session.scenario.title} · classroom"
        self.query_one("#facilitator-panel").display = False
        if self.phones:
            self._open_room()
        self.show()
        if self.notice:
            self.notify(self.notice, title="Classroom", timeout=8, markup=False)
        if self.name_teams and self.session.teams:
            from offscript.tui.screens.teams import TeamsDialog

            self.app.push_screen(TeamsDialog(self.session.teams), self._teams_named)

    def _teams_named(self, names: tuple[str, ...] | None) -> None:
        if names:
            self.step(lambda s: s.renamed(names))

    # --- drawing ---------------------------------------------------------------------

    def show(self, scroll_home: bool = True) -> None:
        """Draw the session's stage (or the phones' lobby), its status line, and the debrief at the end.

        A redraw for phones (a vote, a join) keeps the stage where the facilitator scrolled it."""
        session = self.session
        stage_box = self.query_one("#stage-box")
        lobby_shown = self.lobby_open and not session.blanked
        self._show_lobby(lobby_shown)
        stage_box.display = not session.blanked and not lobby_shown
        self.query_one("#stage", Static).update(Content("") if session.blanked else stage(session, self.others))
        self._show_option_buttons()
        self._show_debrief()
        self._show_facilitator()
        self._follow_timer()
        self.query_one("#class-status", Static).update(self._status())
        if scroll_home:
            stage_box.scroll_home(animate=False)

    def _status(self) -> Content:
        line = status(self.session, self.seconds_left)
        if self.voting is not None:
            phones = len(self.voting.room.phones)
            line = Content.assemble(line, f"  · {phones} phone{'s' * (phones != 1)} · room {self.voting.room.code}")
        return line

    def _show_lobby(self, shown: bool) -> None:
        box = self.query_one("#lobby", Horizontal)
        box.display = shown
        if not shown:
            return
        voting = self.voting
        if voting is None:
            return
        from offscript.tui.widgets.lobby import lobby_text, qr_code

        room = voting.room
        self.query_one("#lobby-qr", Static).update(qr_code(voting.url))
        text = lobby_text(room.code, voting.url, voting.short_url, len(room.phones), voting.note)
        self.query_one("#lobby-text", Static).update(text)

    # --- phones ----------------------------------------------------------------------------

    def _open_room(self) -> None:
        """The room's socket and code at once, for the lobby; the server that answers on it starts after."""
        from offscript.tui.voting import open_room

        try:
            self.voting = open_room(self.session.teams, self.host, self.port)
        except OSError as exc:
            self.lobby_open = False
            self.notify(f"Phones cannot join: {exc.strerror or exc}. Hands-up votes work.", severity="error")
            return
        voting = self.voting  # aiohttp loads once the lobby is on screen: its import would hold up the frame
        self.call_after_refresh(lambda: self.run_worker(self._serve(voting), exclusive=True, group="voting"))

    async def _serve(self, voting: Voting) -> None:
        try:
            await voting.serve(lambda: self.session, self._phone_vote, self._phone_joined, self._remote)
        except (OSError, ValueError) as exc:  # ValueError: the socket was closed by leaving meanwhile
            if not self.leaving:
                self.voting, self.lobby_open = None, False
                self.notify(f"Phones cannot join: {exc}. Hands-up votes work.", severity="error")
                self.show()
            return
        if self.leaving:  # the facilitator left while it started
            await voting.stop()

    def _phone_joined(self) -> None:
        self.call_later(self.show, scroll_home=False)  # the lobby's and the status line's count

    def _phone_vote(self, device: str, option: int, team: str) -> None:
        """A phone's vote, from the server in this same event loop: counted now; saved and redrawn once for
        every vote that lands in the same turn of the loop (a room voting at once is one save, one frame)."""
        self.session = self.session.phone_vote(device, option, team)  # ClassError: the server answers 409
        self.query_one("#class-status", Static).update(self._status(), layout=False)  # one line, its size fixed
        if not self.votes_landing:
            self.votes_landing = True
            self.call_later(self._votes_landed)

    def _votes_landed(self) -> None:
        self.votes_landing = False
        self.store.save_class(self.session, durable=False)
        if self.session.teams or self.lobby_open:  # the teams in, on the stage; the lobby's count
            self.show(scroll_home=False)

    def _stop_voting(self) -> None:
        """Nothing listens once the class is left, even while this screen stays under the library."""
        self.leaving = True
        voting, self.voting = self.voting, None
        if voting is not None:
            self.app.run_worker(voting.stop(), group="voting-stop")  # the app's: this screen may be going

    def on_unmount(self) -> None:
        self._stop_voting()

    def _show_option_buttons(self) -> None:
        """One button per option while the class votes or the facilitator decides: the mouse does what 1-9 do."""
        session = self.session
        row = self.query_one("#class-options", Horizontal)
        voting = session.phase in (Phase.VOTE, Phase.DECIDE) and not session.blanked
        row.display = voting
        # Drawn again after each hand (a fresh button takes the next click at once), not after a phone's vote.
        wanted = (session.phase, session.options, len(session.round.hands)) if voting else None
        if wanted == self.option_buttons:
            return
        self.option_buttons = wanted
        row.remove_children()
        if voting:
            what = "a hand for" if session.phase is Phase.VOTE else "the class takes"
            row.mount_all(
                GameButton(str(n), name=f"option-{n}", classes=f"option-{n}", tooltip=f"{what} option {n}")
                for n in range(1, session.options + 1)
            )

    def _show_debrief(self) -> None:
        ended = self.session.phase is Phase.ENDED
        debrief_box = self.query_one("#class-debrief", Static)
        rewinds = self.query_one("#class-rewinds", Horizontal)
        debrief_box.display = rewinds.display = ended
        shown = (self.session.run, self.session.taken) if ended else None
        drawn, self.debrief_drawn = self.debrief_drawn, shown
        if shown is not None and drawn is not None and all(a is b for a, b in zip(shown, drawn, strict=True)):
            return  # the same ending (a blank, a key that changed nothing): its search is not run again
        rewinds.remove_children()
        if not ended:
            return
        from offscript.classroom.debrief import class_debrief  # its search loads only when a class ends

        debrief_box.update(debrief_lines(self.session, class_debrief(self.session)))
        rewinds.mount_all(
            GameButton(
                f"↶ {d.number}",
                name=f"rewind-{d.number}",
                classes=f"rewind-{d.number}",
                tooltip=f"Play on from decision {d.number}",
            )
            for d in self.session.taken
        )

    def _show_facilitator(self) -> None:
        panel = self.query_one("#facilitator-panel", Static)
        panel.display = self.facilitator_open
        if not self.facilitator_open:
            return
        scenario, node = self.session.scenario, self.session.run.node
        parts: list[Content | str | tuple[str, str]] = [("Facilitator's notes", "bold"), "\n(not for projecting)\n\n"]
        if node.notes.strip():
            parts += [("Here: ", "bold"), plain(node.notes.strip()), "\n\n"]
        facilitator = scenario.facilitator
        if facilitator is not None:
            if facilitator.goals:
                parts += [("Goals: ", "bold"), plain("; ".join(facilitator.goals)), "\n\n"]
            if facilitator.notes.strip():
                parts += [("How to run it: ", "bold"), plain(facilitator.notes.strip())]
        if len(parts) == 2:
            parts.append("This scenario has no facilitator's notes.")
        if self.voting is not None:
            parts += ["\n\n", ("Your remote (keep it to yourself): ", "bold"), plain(self.voting.remote_url)]
        panel.update(Content.assemble(*parts))

    # --- the discussion timer ------------------------------------------------------------

    @property
    def seconds_left(self) -> int | None:
        return None if self.deadline is None else round(self.deadline - time.monotonic())

    def _follow_timer(self) -> None:
        """A countdown while the class discusses, if the session has a timer; no ticking otherwise."""
        discussing = self.session.phase is Phase.DISCUSS and self.session.timer is not None
        if discussing and self.deadline is None:
            self.deadline = time.monotonic() + (self.session.timer or 0)
            self.ticker = self.set_interval(1.0, self._tick)
        elif not discussing and self.ticker is not None:
            self.ticker.stop()
            self.ticker, self.deadline = None, None

    def _tick(self) -> None:
        self.query_one("#class-status", Static).update(self._status())
        if (self.seconds_left or 0) <= 0 and self.ticker is not None:
            self.ticker.stop()

    # --- the facilitator's keys -----------------------------------------------------------

    def step(self, move: Callable[[ClassSession], ClassSession]) -> None:
        """Ask the session for its next value; save it, then draw it. A refused step is said, not raised."""
        refused = self.apply(move)
        if refused:
            self.app.clear_notifications()  # a clicker pressed again says it once, not in a pile
            self.notify(refused[:1].upper() + refused[1:] + ".", severity="warning", timeout=4, markup=False)

    def apply(self, move: Callable[[ClassSession], ClassSession]) -> str:
        """The step itself: "" when taken, or why the session refused it."""
        try:
            moved = move(self.session)
        except ClassError as exc:
            return str(exc)
        if moved.phase is not self.session.phase or moved.run is not self.session.run:
            self.others = False
        before, self.session = self.session, moved
        self.store.save_class(moved)
        if self.voting is not None:
            if (len(before.taken), len(before.rounds)) != (len(moved.taken), len(moved.rounds)):
                self.voting.room.new_round()  # a vote from an earlier round is stale from now on
            if self.voting.server is not None:
                self.voting.server.changed()
        self.show()
        return ""

    def _remote(self, action: str) -> str:
        """The facilitator's remote, from the server in this event loop: the same steps as the clicker's."""
        if action == "advance" and self.lobby_open and not self.session.blanked:
            self.lobby_open = False
            self.show()
            return ""
        moves = {"advance": ClassSession.advance, "back": ClassSession.back, "revote": ClassSession.revote}
        return self.apply(moves.get(action, ClassSession.blank))

    def action_advance(self) -> None:
        if self.lobby_open and not self.session.blanked:
            self.lobby_open = False  # the first 'next' closes the lobby
            self.show()
            return
        self.step(ClassSession.advance)

    def action_lobby(self) -> None:
        if not self.phones:
            self.notify("This class votes by hands only (--no-phones).", timeout=3, markup=False)
            return
        self.lobby_open = not self.lobby_open
        self.show()

    def action_back(self) -> None:
        self.step(ClassSession.back)

    def action_number(self, number: int) -> None:
        session = self.session
        if session.phase is Phase.DECIDE:
            self.step(lambda s: s.choose(number))
        elif session.teams:
            team = session.team_up
            if team is None:
                self.notify("Every team has picked: backspace takes the last pick back.", timeout=4, markup=False)
                return
            self.step(lambda s: s.team_pick(team, number))
        else:
            self.step(lambda s: s.hand(number))

    def action_take_back(self) -> None:
        self.step(ClassSession.take_back_hand)

    def action_revote(self) -> None:
        self.step(ClassSession.revote)

    def action_blank(self) -> None:
        self.step(ClassSession.blank)

    def action_others(self) -> None:
        if self.session.phase is not Phase.CONSEQUENCE:
            self.notify("The other options are shown after the class's choice.", timeout=3, markup=False)
            return
        self.others = not self.others
        self.show()

    def action_facilitator(self) -> None:
        self.facilitator_open = not self.facilitator_open
        self.show()

    def action_export(self) -> None:
        written = self.store.export_class(self.session)
        if written:
            names = ", ".join(path.name for path in written)
            self.notify(f"The class's record: {names} in {shown_path(written[0].parent)}", timeout=8, markup=False)

    def action_leave(self) -> None:
        self._stop_voting()
        self.request(BackToLibrary())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        button_id = event.button.name or ""  # names, not ids: a redraw mounts the next buttons before the last go
        if button_id.startswith("option-"):
            self.action_number(int(button_id.removeprefix("option-")))
        elif button_id.startswith("rewind-"):
            number = int(button_id.removeprefix("rewind-"))
            self.step(lambda s: s.rewind(number))

    def game_commands(self) -> Iterable[GameCommand]:
        yield GameCommand("Next phase", NEXT, self.action_advance)
        yield GameCommand("Back a phase", BACK, self.action_back)
        yield GameCommand("Blank the screen", "Or show it again", self.action_blank)
        yield GameCommand("Facilitator's notes", "Show or hide them (not for projecting)", self.action_facilitator)
        yield GameCommand("Export the class's record", "Markdown, HTML and CSV", self.action_export)
