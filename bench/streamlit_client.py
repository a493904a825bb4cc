"""A minimal Streamlit client over the real websocket protocol: one browser tab, no browser.

Used by the hand-run benchmarks (`bench/bench_burst.py`, `bench/bench_crash.py`) to open
hundreds of sessions against a running `streamlit run app.py` from one Python process.
It speaks what the installed Streamlit's frontend speaks (checked against Streamlit 1.67,
its Starlette server and its JS bundle):

- the websocket `ws://HOST:PORT/_stcore/stream`, subprotocol `streamlit` (the frontend
  also sends an XSRF token and the previous session id as further "subprotocols"; the
  server needs neither: the XSRF token only guards the auth cookie, and a session id
  is only useful to resume a session on the same server process);
- binary protobuf frames: `BackMsg` up, `ForwardMsg` down. Nothing runs until the
  client sends its first `BackMsg.rerun_script` (a `ClientState` with the query
  string, `page_script_hash` "" and `page_name` from the URL path on the first run,
  then the hash `new_session` announced; the browser's context info; every widget
  state it holds, as the frontend's WidgetStateManager does on every rerun);
- the element tree: `delta.new_element` / `delta.add_block` at `metadata.delta_path`
  (root container first). A full run's `new_session` starts a run; at its
  `script_finished` every node the run did not send again is dropped, as the
  frontend's `clearStaleNodes` does; a fragment run only drops stale nodes of its
  fragments;
- widget values in the wire form the frontend sends: buttons `trigger_value` (once,
  then forgotten), radio and selectbox `string_value` (the formatted option),
  segmented control `string_array_value`, text input `string_value`, checkbox
  `bool_value`. A widget's state starts from its default when it first appears and
  follows `set_value` (a value the script put in session state); states of widgets no
  longer on the page are dropped after a run, as `removeInactive` does;
- `page_info_changed.query_string`: the address the app puts in the address bar
  (`st.query_params`), sent back with every rerun and on reconnection;
- `st.fragment(run_every=...)`: the run sends `auto_rerun {interval, fragment_id}`;
  the frontend then keeps one `setInterval` per fragment that sends a rerun with that
  `fragment_id` and `is_auto_rerun` (whether or not a run is going on), clears them
  all when a full run starts (`new_session` without fragment ids) and one by one on
  `stop_auto_rerun`. This client does the same with one asyncio task per fragment.

What it does not do: forward-message caching (it announces no cached hashes, so the
server always sends whole messages), media, file uploads, custom components, dialogs,
forms other than holding their fields until the submit button is pressed.

    client = StreamlitClient("http://127.0.0.1:8501", "/", "w=ABCDEF")
    await client.connect()
    await client.set_value(client.widget(key="ws-role"), "Sales")
    seconds = await client.click(client.widget(label="Join the workshop", kind="button"))
    client.query_string  # "w=ABCDEF&p=..." once the app put it in the address bar
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Block_pb2 import Block
from streamlit.proto.ClientState_pb2 import ClientState, ContextInfo
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

STREAM_PATH = "/_stcore/stream"
SUBPROTOCOL = Subprotocol("streamlit")
WidgetKind = Literal["button", "radio", "segmented_control", "selectbox", "text_input", "checkbox"]
# Element field -> the kind this client handles (st.form_submit_button is a button).
_WIDGET_FIELDS: dict[str, WidgetKind] = {
    "button": "button",
    "radio": "radio",
    "button_group": "segmented_control",
    "selectbox": "selectbox",
    "text_input": "text_input",
    "checkbox": "checkbox",
}
FINISHED_OK = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)


class ConnectionLost(Exception):
    """The websocket closed (the server went away) while the client waited."""


class RunFailed(Exception):
    """A run ended with a compile error, or the page shows an exception."""


@dataclass
class Node:
    """One entry of the page: a block (container) or an element, and the run that last
    sent it (script run id, and the fragment it was drawn in, if any)."""

    block: Block | None = None
    element: Element | None = None
    run_id: str = ""
    fragment_id: str = ""
    children: dict[int, Node] = field(default_factory=dict)


@dataclass(frozen=True)
class Widget:
    """A widget found on the page, with what the frontend would show of it."""

    id: str
    kind: WidgetKind
    label: str
    options: tuple[str, ...]
    value: Any  # str | list[str] | bool | None, as sent on the wire
    disabled: bool
    form_id: str
    fragment_id: str
    is_form_submitter: bool = False

    @property
    def key(self) -> str | None:
        """The `key=` the script gave the widget (element ids end with it)."""
        parts = self.id.split("-", maxsplit=2)
        return None if len(parts) < 3 or parts[2] == "None" else parts[2]


@dataclass
class _Awaited:
    """A rerun this client asked for, until its run finishes."""

    fragment_id: str  # "" for a full run
    sent_at: float
    future: asyncio.Future[float]
    run_id: str | None = None


def _root_name(index: int) -> str:
    return {0: "main", 1: "sidebar", 2: "event", 3: "bottom"}.get(index, str(index))


class StreamlitClient:
    """One browser tab on a Streamlit app, over the app's websocket."""

    def __init__(
        self,
        base_url: str,
        path: str = "/",
        query_string: str = "",
        *,
        cookies: dict[str, str] | None = None,
        name: str = "",
    ) -> None:
        parts = urlsplit(base_url)
        self.base_url = base_url.rstrip("/")
        self.ws_url = f"ws://{parts.netloc}{STREAM_PATH}"
        self.page_name = path.strip("/")
        self.query_string = query_string.lstrip("?")
        self.cookies = dict(cookies or {})
        self.name = name
        self.page_script_hash = ""
        self.session_id = ""
        self.roots: dict[int, Node] = {i: Node(block=None) for i in range(4)}
        self.widget_states: dict[str, WidgetState] = {}
        self.form_states: dict[str, dict[str, WidgetState]] = {}
        self.script_running = False
        self.connected = False
        self.runs_finished = 0
        self.messages = 0
        self.bytes_received = 0
        self.auto_reruns_sent = 0
        self.errors: list[str] = []
        self.on_open: Callable[[], object] | None = None  # called when the websocket opens
        self._ws: ClientConnection | None = None
        self._reader: asyncio.Task[None] | None = None
        self._timers: dict[str, tuple[float, asyncio.Task[None]]] = {}
        self._awaited: list[_Awaited] = []
        self._current_run = ""
        self._current_fragments: tuple[str, ...] = ()
        self._idle = asyncio.Event()
        self._idle.set()

    # --- connection -------------------------------------------------------------------------------

    async def connect(self, timeout: float = 60.0) -> float:
        """Open the websocket and run the page as a browser loading the URL does;
        returns the seconds until that first run finished."""
        start = time.perf_counter()
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self._ws = await connect(
            self.ws_url,
            subprotocols=[SUBPROTOCOL],
            additional_headers=headers,
            max_size=None,
            compression=None,
            open_timeout=timeout,
            ping_interval=None,
        )
        self.connected = True
        if self.on_open is not None:
            self.on_open()
        self._reset_page()
        self._reader = asyncio.create_task(self._read(self._ws), name=f"read-{self.name}")
        await asyncio.wait_for(self._rerun(""), timeout)
        return time.perf_counter() - start

    async def reconnect(self, deadline_s: float = 120.0, pause_s: float = 0.25) -> float:
        """Connect again after the server went away, with the last query string (the
        address bar a reloading browser would show); retries, waiting `pause_s` and then
        half as long again each time (at most 2 s, with jitter) until the server answers
        or `deadline_s` passes. Returns the seconds from the call to a finished run."""
        start = time.perf_counter()
        await self.close()
        last: Exception | None = None
        pause = pause_s
        while time.perf_counter() - start < deadline_s:
            try:
                await self.connect(timeout=max(1.0, deadline_s - (time.perf_counter() - start)))
                return time.perf_counter() - start
            except (OSError, ConnectionLost, ConnectionClosed, TimeoutError) as error:
                last = error
                await self.close()
                await asyncio.sleep(pause * random.uniform(0.5, 1.0))  # noqa: S311 - jitter
                pause = min(2.0, pause * 1.5)
        raise ConnectionLost(f"no connection within {deadline_s:.0f} s: {last!r}")

    async def close(self) -> None:
        self._stop_timers()
        self.connected = False
        ws, self._ws = self._ws, None
        if ws is not None:
            with contextlib.suppress(Exception):
                await ws.close()
        reader, self._reader = self._reader, None
        if reader is not None and reader is not asyncio.current_task():
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await reader
        self._fail_awaited(ConnectionLost("closed"))

    def _reset_page(self) -> None:
        """A new session: the page, widget states and timers start from nothing (the
        address and the page's hash are kept, as a reloading browser keeps them)."""
        self.roots = {i: Node() for i in range(4)}
        self.widget_states.clear()
        self.form_states.clear()
        self.script_running = False
        self._current_run = ""
        self._current_fragments = ()
        self._idle.set()

    # --- sending ----------------------------------------------------------------------------------

    def _client_state(self, fragment_id: str, auto: bool) -> ClientState:
        states = WidgetStates()
        states.widgets.extend(self.widget_states.values())
        query = f"?{self.query_string}" if self.query_string else ""
        return ClientState(
            query_string=self.query_string,
            widget_states=states,
            page_script_hash=self.page_script_hash,
            page_name="" if self.page_script_hash else self.page_name,
            fragment_id=fragment_id,
            is_auto_rerun=auto,
            context_info=ContextInfo(
                timezone="UTC",
                timezone_offset=0,
                locale="en-US",
                url=f"{self.base_url}/{self.page_name}{query}",
                is_embedded=False,
                color_scheme="light",
            ),
        )

    async def _send(self, fragment_id: str = "", auto: bool = False) -> None:
        if self._ws is None or not self.connected:
            raise ConnectionLost("not connected")
        msg = BackMsg(rerun_script=self._client_state(fragment_id, auto))
        try:
            await self._ws.send(msg.SerializeToString())
        except ConnectionClosed as error:
            raise ConnectionLost(str(error)) from error

    async def _rerun(self, fragment_id: str) -> float:
        """Send a rerun with the current widget states; return the seconds until the
        run it started finished (a full run, or a run of `fragment_id`)."""
        loop = asyncio.get_running_loop()
        awaited = _Awaited(fragment_id, time.perf_counter(), loop.create_future())
        self._awaited.append(awaited)
        try:
            await self._send(fragment_id)
            return await awaited.future
        finally:
            if awaited in self._awaited:
                self._awaited.remove(awaited)

    async def rerun(self, timeout: float = 60.0) -> float:
        """Rerun the whole page (the "R" key); seconds to its end."""
        return await asyncio.wait_for(self._rerun(""), timeout)

    async def wait_idle(self, timeout: float = 30.0) -> None:
        """Wait until no full run is going on (a click then lands on a finished page)."""
        await asyncio.wait_for(self._idle.wait(), timeout)

    async def click(self, widget: Widget, timeout: float = 60.0) -> float:
        """Press a button; seconds from the click to the end of the run it started."""
        if widget.kind != "button":
            raise ValueError(f"{widget.label!r} is a {widget.kind}, not a button")
        if widget.disabled:
            raise ValueError(f"the button {widget.label!r} is disabled")
        if widget.form_id:  # a form's fields go with its submit button
            for state in self.form_states.pop(widget.form_id, {}).values():
                self._store(state)
        self.widget_states[widget.id] = WidgetState(id=widget.id, trigger_value=True)
        loop = asyncio.get_running_loop()
        awaited = _Awaited(widget.fragment_id, time.perf_counter(), loop.create_future())
        self._awaited.append(awaited)
        try:
            try:
                await self._send(widget.fragment_id)
            finally:  # a trigger is sent once, then forgotten (frontend: setTriggerValue)
                self.widget_states.pop(widget.id, None)
            return await asyncio.wait_for(awaited.future, timeout)
        finally:
            if awaited in self._awaited:
                self._awaited.remove(awaited)

    async def set_value(self, widget: Widget, value: Any, timeout: float = 60.0) -> float:
        """Choose an option (radio, selectbox, segmented control: the option as shown),
        type a text (text input) or tick a checkbox; seconds to the end of the run it
        started (0 inside a form: the value waits for the submit button)."""
        state = WidgetState(id=widget.id)
        if widget.kind in ("radio", "selectbox"):
            if value is not None and str(value) not in widget.options:
                raise ValueError(f"{value!r} is not an option of {widget.label!r}")
            if value is not None:
                state.string_value = str(value)
        elif widget.kind == "segmented_control":
            chosen = [value] if isinstance(value, str) else list(value or [])
            for one in chosen:
                if one not in widget.options:
                    raise ValueError(f"{one!r} is not an option of {widget.label!r}")
            state.string_array_value.data.extend(chosen)
        elif widget.kind == "text_input":
            state.string_value = str(value)
        elif widget.kind == "checkbox":
            state.bool_value = bool(value)
        else:
            raise ValueError(f"cannot set the value of a {widget.kind}")
        if widget.disabled:
            raise ValueError(f"{widget.label!r} is disabled")
        if widget.form_id:
            self.form_states.setdefault(widget.form_id, {})[widget.id] = state
            return 0.0
        self._store(state)
        loop = asyncio.get_running_loop()
        awaited = _Awaited(widget.fragment_id, time.perf_counter(), loop.create_future())
        self._awaited.append(awaited)
        try:
            await self._send(widget.fragment_id)
            return await asyncio.wait_for(awaited.future, timeout)
        finally:
            if awaited in self._awaited:
                self._awaited.remove(awaited)

    def _store(self, state: WidgetState) -> None:
        self.widget_states[state.id] = state

    # --- fragments (run_every) ------------------------------------------------------------------

    def _start_timer(self, fragment_id: str, interval: float) -> None:
        current = self._timers.get(fragment_id)
        if current is not None and current[0] == interval:
            return  # the frontend keeps a timer of the same interval
        self._stop_timer(fragment_id)
        task = asyncio.create_task(self._tick(fragment_id, interval), name=f"tick-{self.name}")
        self._timers[fragment_id] = (interval, task)

    async def _tick(self, fragment_id: str, interval: float) -> None:
        while True:
            await asyncio.sleep(interval)
            if self.connected:
                with contextlib.suppress(ConnectionLost):
                    await self._send(fragment_id, auto=True)
                    self.auto_reruns_sent += 1

    def _stop_timer(self, fragment_id: str) -> None:
        current = self._timers.pop(fragment_id, None)
        if current is not None:
            current[1].cancel()

    def _stop_timers(self) -> None:
        for fragment_id in list(self._timers):
            self._stop_timer(fragment_id)

    # --- receiving --------------------------------------------------------------------------------

    async def _read(self, ws: ClientConnection) -> None:
        try:
            async for data in ws:
                if isinstance(data, str):
                    continue
                self.bytes_received += len(data)
                msg = ForwardMsg()
                msg.ParseFromString(data)
                self.messages += 1
                self._handle(msg)
        except ConnectionClosed:
            pass
        except Exception as error:  # a bug here must not hang the waiting benchmark
            self.errors.append(f"{type(error).__name__}: {error}")
        finally:
            if self._ws is ws:
                self.connected = False
                self._stop_timers()
                self._fail_awaited(ConnectionLost("the server closed the connection"))

    def _fail_awaited(self, error: Exception) -> None:
        for awaited in list(self._awaited):
            if not awaited.future.done():
                awaited.future.set_exception(error)
        self._idle.set()

    def _handle(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self._new_session(msg)
        elif kind == "delta":
            self._delta(msg)
        elif kind == "script_finished":
            self._finished(msg)
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "auto_rerun":
            if msg.auto_rerun.fragment_id:
                self._start_timer(msg.auto_rerun.fragment_id, msg.auto_rerun.interval)
        elif kind == "stop_auto_rerun":
            for fragment_id in msg.stop_auto_rerun.fragment_ids:
                self._stop_timer(fragment_id)
        elif kind == "session_status_changed":
            self.script_running = msg.session_status_changed.script_is_running
        elif kind == "session_event":
            event = msg.session_event.WhichOneof("type")
            if event == "script_compilation_exception":
                self.errors.append(f"compile error: {msg.session_event}")

    def _new_session(self, msg: ForwardMsg) -> None:
        run_id = msg.metadata.run.script_run_id
        fragments = tuple(msg.metadata.run.fragment_ids)
        self.session_id = msg.new_session.initialize.session_id or self.session_id
        self._current_run, self._current_fragments = run_id, fragments
        if not fragments:
            # A full run: the frontend clears every run_every timer (the run sets
            # them again) and takes the page's hash.
            self._stop_timers()
            self.page_script_hash = msg.new_session.page_script_hash
            self._idle.clear()
        for awaited in self._awaited:
            if awaited.future.done():
                continue
            # A full run also answers a fragment's request: Streamlit folds a fragment
            # rerun into a full one asked for at the same time, and reruns the fragment.
            if not fragments or (awaited.fragment_id and awaited.fragment_id in fragments):
                awaited.run_id = run_id  # a later run replaces an interrupted one

    def _delta(self, msg: ForwardMsg) -> None:
        delta = msg.delta
        kind = delta.WhichOneof("type")
        path = list(msg.metadata.delta_path)
        if kind not in ("new_element", "add_block") or not path:
            return
        node = Node(run_id=self._current_run, fragment_id=delta.fragment_id)
        if kind == "new_element":
            node.element = delta.new_element
            self._adopt_widget(delta.new_element)
        else:
            node.block = delta.add_block
        parent = self.roots.setdefault(path[0], Node())
        for index in path[1:-1]:
            child = parent.children.get(index)
            if child is None:
                child = parent.children[index] = Node(run_id=self._current_run)
            elif child.element is not None:
                return  # the frontend refuses to mount a child through an element
            parent = child
        if len(path) == 1:
            return
        position = path[-1]
        existing = parent.children.get(position)
        if (
            node.block is not None
            and existing is not None
            and existing.element is None
            and (
                existing.block is None
                or existing.block.WhichOneof("type") == node.block.WhichOneof("type")
            )
        ):
            node.children = existing.children  # the same container: keep its children
        parent.children[position] = node

    def _adopt_widget(self, element: Element) -> None:
        """Keep the frontend's widget state: start from the default the first time a
        widget is seen, take a value the script set, otherwise keep the user's."""
        field_name = element.WhichOneof("type")
        if field_name not in _WIDGET_FIELDS or field_name == "button":
            return
        proto = getattr(element, field_name)
        widget_id = proto.id
        if not widget_id:
            return
        state: WidgetState | None = None
        known = widget_id in self.widget_states
        if field_name in ("radio", "selectbox"):
            if proto.set_value:
                state = WidgetState(id=widget_id)
                if proto.HasField("raw_value"):
                    state.string_value = proto.raw_value
            elif not known and proto.HasField("default") and proto.options:
                state = WidgetState(id=widget_id, string_value=proto.options[proto.default])
        elif field_name == "button_group":
            if proto.set_value:
                state = WidgetState(id=widget_id)
                state.string_array_value.data.extend(proto.raw_values)
            elif not known:
                state = WidgetState(id=widget_id)
                state.string_array_value.data.extend(
                    proto.options[i].content for i in proto.default if i < len(proto.options)
                )
        elif field_name == "text_input":
            if proto.set_value:
                state = WidgetState(id=widget_id)
                if proto.HasField("value"):
                    state.string_value = proto.value
            elif not known and proto.HasField("default"):
                state = WidgetState(id=widget_id, string_value=proto.default)
        elif field_name == "checkbox":
            if proto.set_value:
                state = WidgetState(id=widget_id, bool_value=proto.value)
            elif not known:
                state = WidgetState(id=widget_id, bool_value=proto.default)
        if state is not None:
            self.widget_states[widget_id] = state

    def _finished(self, msg: ForwardMsg) -> None:
        status = msg.script_finished
        run_id = msg.metadata.run.script_run_id
        if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            return  # st.rerun() or a newer request: another run follows
        fragments = self._current_fragments if run_id == self._current_run else ()
        if status in FINISHED_OK:
            self._clear_stale(run_id, fragments if status != FINISHED_OK[0] else ())
        if status != ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
            self._idle.set()
            self.script_running = False
        self.runs_finished += 1
        now = time.perf_counter()
        for awaited in self._awaited:
            if awaited.future.done() or awaited.run_id is None:
                continue
            if run_id and awaited.run_id != run_id:
                continue
            if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                awaited.future.set_exception(RunFailed("the script did not compile"))
            elif status == ForwardMsg.FINISHED_SUCCESSFULLY or (
                status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY and awaited.fragment_id
            ):
                awaited.future.set_result(now - awaited.sent_at)

    def _clear_stale(self, run_id: str, fragments: tuple[str, ...]) -> None:
        """Drop what the run that just finished did not send again (a full run: every
        stale node; a fragment run: the stale nodes of its fragments)."""

        def stale(node: Node) -> bool:
            if fragments:
                return node.fragment_id in fragments and node.run_id != run_id
            return node.run_id != run_id

        def prune(node: Node) -> None:
            for index in list(node.children):
                child = node.children[index]
                if stale(child):
                    del node.children[index]
                elif child.element is None:
                    prune(child)

        for root in self.roots.values():
            prune(root)
        active = {w.id for w in self.widgets()}
        for widget_id in [i for i in self.widget_states if i not in active]:
            del self.widget_states[widget_id]

    # --- reading the page -------------------------------------------------------------------------

    def nodes(self) -> Iterator[tuple[Node, tuple[str, ...]]]:
        """Every node in page order, with the ids of the blocks around it."""

        def walk(node: Node, blocks: tuple[str, ...]) -> Iterator[tuple[Node, tuple[str, ...]]]:
            for index in sorted(node.children):
                child = node.children[index]
                yield child, blocks
                if child.element is None:
                    inner = blocks + ((child.block.id,) if child.block and child.block.id else ())
                    yield from walk(child, inner)

        for index in sorted(self.roots):
            yield from walk(self.roots[index], (_root_name(index),))

    def elements(self, within: str | None = None) -> Iterator[Element]:
        """Every element in page order (inside the container with key `within`)."""
        for node, blocks in self.nodes():
            if node.element is None:
                continue
            if within is not None and not any(b.endswith(f"-{within}") for b in blocks):
                continue
            yield node.element

    def widgets(self, kind: WidgetKind | None = None, within: str | None = None) -> list[Widget]:
        found = []
        for node, blocks in self.nodes():
            element = node.element
            if element is None:
                continue
            field_name = element.WhichOneof("type")
            if field_name not in _WIDGET_FIELDS:
                continue
            if within is not None and not any(b.endswith(f"-{within}") for b in blocks):
                continue
            widget = self._widget(element, field_name, node.fragment_id)
            if kind is None or widget.kind == kind:
                found.append(widget)
        return found

    def _widget(self, element: Element, field_name: str, fragment_id: str) -> Widget:
        proto: Any = getattr(element, field_name)
        kind = _WIDGET_FIELDS[field_name]
        options: tuple[str, ...] = ()
        if field_name in ("radio", "selectbox"):
            options = tuple(proto.options)
        elif field_name == "button_group":
            options = tuple(o.content for o in proto.options)
        state = self.widget_states.get(proto.id)
        value: Any = None
        if state is not None:
            which = state.WhichOneof("value")
            if which == "string_array_value":
                value = list(state.string_array_value.data)
            elif which is not None:
                value = getattr(state, which)
        return Widget(
            id=proto.id,
            kind=kind,
            label=proto.label,
            options=options,
            value=value,
            disabled=bool(getattr(proto, "disabled", False)),
            form_id=str(getattr(proto, "form_id", "")),
            fragment_id=fragment_id,
            is_form_submitter=bool(getattr(proto, "is_form_submitter", False)),
        )

    def widget(
        self,
        label: str | None = None,
        *,
        key: str | None = None,
        kind: WidgetKind | None = None,
        within: str | None = None,
    ) -> Widget:
        """The one widget with this label (exact) and/or `key=`; LookupError if none."""
        for widget in self.widgets(kind, within):
            if label is not None and widget.label != label:
                continue
            if key is not None and widget.key != key:
                continue
            return widget
        raise LookupError(f"no widget label={label!r} key={key!r} kind={kind!r} on the page")

    def find(
        self, label: str | None = None, *, key: str | None = None, kind: WidgetKind | None = None
    ) -> Widget | None:
        try:
            return self.widget(label, key=key, kind=kind)
        except LookupError:
            return None

    def texts(self, within: str | None = None) -> list[str]:
        """The text of markdown, headings, captions, alerts, plain text, progress and
        metrics ("label: value"), in page order."""
        out = []
        for element in self.elements(within):
            field_name = element.WhichOneof("type")
            if field_name in ("markdown", "heading", "text", "alert"):
                out.append(getattr(element, field_name).body)
            elif field_name == "metric":
                out.append(f"{element.metric.label}: {element.metric.body}")
            elif field_name == "progress":
                out.append(element.progress.text)
        return out

    def headings(self) -> list[str]:
        return [e.heading.body for e in self.elements() if e.WhichOneof("type") == "heading"]

    def metric(self, label: str) -> str | None:
        for element in self.elements():
            if element.WhichOneof("type") == "metric" and element.metric.label == label:
                return element.metric.body
        return None

    def has_text(self, fragment: str, within: str | None = None) -> bool:
        return any(fragment in text for text in self.texts(within))

    def exceptions(self) -> list[str]:
        """Exceptions the page shows (an uncaught error in the script)."""
        return [
            f"{e.exception.type}: {e.exception.message}"
            for e in self.elements()
            if e.WhichOneof("type") == "exception"
        ]

    @property
    def query(self) -> dict[str, str]:
        """The address bar's query parameters."""
        out = {}
        for part in self.query_string.split("&"):
            if "=" in part:
                k, v = part.split("=", 1)
                out[k] = v
        return out
