"""Connect a Python program to an AgentMesh gateway as an agent (specs/001, WS /gateway/connect).

Register handlers (`on_message`, `on_task`: their return value is the result), then
`await client.connect()`, which returns once the gateway has registered the agent. Needs only
the `websockets` library (Debian: python3-websockets), its legacy client (10.x) or the asyncio
client of 13 and later. See "Connect your own agent" in the AgentMesh README.
"""

import asyncio
import inspect
import itertools
import json
import random
import uuid
from datetime import datetime, timezone
from urllib.parse import urlencode, urlsplit, urlunsplit

try:  # websockets >= 13
    from websockets.asyncio.client import connect as _ws_connect

    _HEADERS_ARG = "additional_headers"
except ImportError:  # the legacy client (Debian 12 ships 10.4)
    from websockets import connect as _ws_connect

    _HEADERS_ARG = "extra_headers"
from websockets.exceptions import ConnectionClosed

__all__ = ["GatewayClient", "GatewayError", "TaskContext"]

# Statuses that trying again will not change: bad token, bad id, id taken, foreign origin.
_FATAL_STATUSES = {400, 401, 403, 404, 409}
# Close codes after which reconnecting would only fight someone: replaced, token revoked.
_FINAL_CLOSE_CODES = {4000, 4003}
_ACK_TIMEOUT = 30
_MAX_OUTBOX = 1000
_REMEMBERED_RESULTS = 200
# The legacy client does not read the refusal's body: name the error by its status.
_REFUSAL_CODES = {400: "INVALID_MESSAGE", 401: "UNAUTHORIZED", 403: "FORBIDDEN", 404: "NOT_FOUND", 409: "AGENT_EXISTS"}


def _now():
    return datetime.now(timezone.utc).isoformat().replace("+00:00", "Z")


def _content(content):
    return [{"type": "text", "text": content}] if isinstance(content, str) else list(content)


async def _maybe_await(value):
    return await value if inspect.isawaitable(value) else value


class GatewayError(Exception):
    """An `error` frame, a refused connection or a timeout, with the spec's code when there is one."""

    def __init__(self, code, message, message_id=None, status=None):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.message_id = message_id
        self.status = status


class TaskContext:
    """What a task handler gets besides the task: progress reports, and whether it was cancelled."""

    def __init__(self, client, task_id):
        self._client = client
        self.task_id = task_id
        self.cancelled = asyncio.Event()

    async def progress(self, text=None, percent=None):
        frame = {"type": "progress", "task_id": self.task_id}
        if text is not None:
            frame["text"] = text
        if percent is not None:
            frame["percent"] = percent
        if not self.cancelled.is_set():
            await self._client._write(frame, keep=False)


class GatewayClient:
    def __init__(self, gateway_url, agent_id, agent_name=None, capabilities=None, auto_reconnect=True,
                 reconnect_interval=5, token=None, card=None, max_concurrent=1, max_reconnect_interval=60,
                 request_timeout=60):
        self.gateway_url = gateway_url
        self.agent_id = agent_id
        self.agent_name = agent_name
        self.capabilities = list(capabilities or [])
        self.auto_reconnect = auto_reconnect
        self.reconnect_interval = reconnect_interval
        self.max_reconnect_interval = max_reconnect_interval
        self.request_timeout = request_timeout
        self.token = token
        self.card = card
        self.max_concurrent = max_concurrent
        self.state = "idle"
        self.session_id = None
        self.connected_frame = None
        self._ws = None
        self._runner = None
        self._heartbeat = None
        self._waiters = []
        self._acks = {}
        self._requests = {}
        self._outbox = []
        self._message_handlers = []
        self._result_handlers = []
        self._state_handlers = []
        self._task_handler = None
        self._running_tasks = {}
        self._finished_tasks = {}
        self._closed = asyncio.Event()

    async def connect(self):
        """Returns the `connected` frame once registered. Refusals raise GatewayError; a gateway
        that is down is retried while auto_reconnect is on."""
        if self.state == "connected":
            return self.connected_frame
        if self.state == "closed":
            raise GatewayError("CLOSED", "this client was closed")
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        if self._runner is None:
            self._runner = asyncio.create_task(self._run())
        return await waiter

    async def send(self, to_agent_id, content, conversation_id=None, metadata=None):
        """Sends a message; returns the gateway's ack or raises GatewayError (AGENT_NOT_FOUND, RATE_LIMIT...)."""
        message_id = f"msg-{uuid.uuid4()}"
        frame = {"type": "send", "message_id": message_id, "to_agent_id": to_agent_id,
                 "conversation_id": conversation_id or f"conv-{uuid.uuid4()}", "content": _content(content),
                 "metadata": metadata or {}}
        return await self._await_ack(message_id, frame)

    async def request(self, to_agent_id, content, conversation_id=None, metadata=None, timeout=None):
        """Sends a message and returns the receiver's result frame for that conversation."""
        conversation_id = conversation_id or f"conv-{uuid.uuid4()}"
        future = asyncio.get_running_loop().create_future()
        self._requests[conversation_id] = future
        try:
            await self.send(to_agent_id, content, conversation_id=conversation_id, metadata=metadata)
            return await asyncio.wait_for(future, timeout or self.request_timeout)
        except asyncio.TimeoutError:
            raise GatewayError("TIMEOUT", f"no result from '{to_agent_id}' in time") from None
        finally:
            self._requests.pop(conversation_id, None)

    async def send_result(self, conversation_id, result, success=True, metadata=None):
        """Answers a conversation (what a message handler's return value does for you)."""
        message_id = f"res-{uuid.uuid4()}"
        frame = {"type": "result", "message_id": message_id, "conversation_id": conversation_id,
                 "success": success, "result": result, "metadata": metadata or {}}
        return await self._await_ack(message_id, frame)

    async def set_card(self, card):
        self.card = card
        if self.state == "connected":
            await self._write({"type": "card", "card": card}, keep=False)

    def on_message(self, handler):
        """handler(message) -> value: a value other than None is sent back as the result; an exception as a failure."""
        self._message_handlers.append(handler)
        return handler

    def on_result(self, handler):
        """handler(result) for conversations this agent opened with send() (request() takes its own)."""
        self._result_handlers.append(handler)
        return handler

    def on_task(self, handler):
        """handler(task, ctx) -> value: the task's result; an exception fails the task; cancel cancels it."""
        self._task_handler = handler
        return handler

    def on_state_change(self, handler):
        self._state_handlers.append(handler)
        return handler

    async def close(self):
        self._set_state("closed")
        self._fail_pending(GatewayError("CLOSED", "the client was closed"))
        for task in list(self._running_tasks.values()):
            task.cancel()
        if self._ws is not None:
            await self._ws.close()
        if self._runner is not None and self._runner is not asyncio.current_task():
            self._runner.cancel()
            try:
                await self._runner
            except (asyncio.CancelledError, Exception):
                pass
        self._closed.set()

    async def wait_closed(self):
        await self._closed.wait()

    def _url(self):
        parts = urlsplit(self.gateway_url.replace("http://", "ws://", 1).replace("https://", "wss://", 1))
        path = parts.path if parts.path not in ("", "/") else "/gateway/connect"
        query = {"agent_id": self.agent_id}
        if self.agent_name:
            query["agent_name"] = self.agent_name
        if self.capabilities:
            query["capabilities"] = json.dumps(self.capabilities)
        if self.max_concurrent and self.max_concurrent != 1:
            query["max_concurrent"] = str(self.max_concurrent)
        return urlunsplit((parts.scheme, parts.netloc, path, urlencode(query), ""))

    async def _run(self):
        attempts = itertools.count()
        headers = [("Authorization", f"Bearer {self.token}")] if self.token else []
        while self.state != "closed":
            self._set_state("connecting" if self.connected_frame is None and self.session_id is None else "reconnecting")
            try:
                ws = await _ws_connect(self._url(), **{_HEADERS_ARG: headers}, max_size=None)
            except Exception as error:  # refused upgrade, or nobody listening
                status = getattr(error, "status_code", None) or getattr(getattr(error, "response", None), "status_code", None)
                if status in _FATAL_STATUSES or not self.auto_reconnect:
                    code = _REFUSAL_CODES.get(status, "DISCONNECTED")
                    return self._give_up(GatewayError(code, f"the gateway refused the connection: {error}", status=status))
                await asyncio.sleep(self._delay(next(attempts)))
                continue
            self._ws = ws
            try:
                async for raw in ws:
                    if self._receive(json.loads(raw)):
                        attempts = itertools.count()
            except ConnectionClosed:
                pass
            finally:
                self._dropped()
            code = ws.close_code
            if self.state == "closed":
                return
            if code in _FINAL_CLOSE_CODES or not self.auto_reconnect:
                return self._give_up(GatewayError("DISCONNECTED", f"disconnected ({code})"))
            await asyncio.sleep(self._delay(next(attempts)))

    def _delay(self, attempt):
        # Backoff with jitter, so a gateway restart is not met by every agent at once.
        return min(self.max_reconnect_interval, self.reconnect_interval * 2 ** attempt) * (0.5 + random.random() / 2)

    def _dropped(self):
        self._ws = None
        self.connected_frame = None
        if self._heartbeat is not None:
            self._heartbeat.cancel()
            self._heartbeat = None
        for message_id in list(self._acks):
            self._settle(self._acks, message_id, GatewayError("DISCONNECTED", "the connection dropped before the gateway answered"))
        if self.state != "closed":
            self._set_state("reconnecting")

    def _give_up(self, error):
        self._set_state("closed")
        self._fail_pending(error)
        for task in list(self._running_tasks.values()):
            task.cancel()
        self._closed.set()

    def _receive(self, frame):
        """Handles one frame; True when it was `connected`."""
        kind = frame.get("type")
        if kind == "connected":
            self._registered(frame)
            return True
        if kind == "ack":
            self._settle(self._acks, frame["message_id"], frame)
        elif kind == "error":
            message_id = frame.get("message_id")
            if message_id in self._acks:
                self._settle(self._acks, message_id, GatewayError(frame["code"], frame["message"], message_id))
        elif kind == "message":
            asyncio.create_task(self._answer(frame))
        elif kind == "result":
            if frame["conversation_id"] in self._requests:
                self._settle(self._requests, frame["conversation_id"], frame)
            else:
                for handler in self._result_handlers:
                    asyncio.create_task(_maybe_await(handler(frame)))
        elif kind == "task":
            self._start_task(frame)
        elif kind == "cancel":
            task = self._running_tasks.pop(frame["task_id"], None)
            if task is not None:
                task.cancel()
        return False

    def _registered(self, frame):
        self.connected_frame = frame
        self.session_id = frame["session_id"]
        self._set_state("connected")
        if self.card:
            asyncio.create_task(self._write({"type": "card", "card": self.card}, keep=False))
        queued, self._outbox = self._outbox, []
        for data in queued:
            asyncio.create_task(self._ws.send(data))
        self._heartbeat = asyncio.create_task(self._beat(frame["heartbeat_interval"]))
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(frame)
        self._waiters = []

    async def _beat(self, interval):
        while True:
            await asyncio.sleep(interval)
            await self._write({"type": "heartbeat", "timestamp": _now()}, keep=False)

    async def _answer(self, message):
        for handler in self._message_handlers:
            try:
                value = await _maybe_await(handler(message))
                if value is not None:
                    await self.send_result(message["conversation_id"], value)
            except GatewayError:
                pass
            except Exception as error:  # the handler failed: that is the answer
                await self.send_result(message["conversation_id"], str(error), success=False)

    def _start_task(self, task):
        task_id = task["task_id"]
        # The gateway sends a task again when this agent reconnects mid-task: keep working on it.
        if task_id in self._running_tasks:
            return
        if task_id in self._finished_tasks:
            asyncio.create_task(self._write(self._finished_tasks[task_id], keep=True))
            return
        self._running_tasks[task_id] = asyncio.create_task(self._run_task(task))

    async def _run_task(self, task):
        task_id = task["task_id"]
        context = TaskContext(self, task_id)
        try:
            if self._task_handler is None:
                raise RuntimeError("this agent has no task handler")
            value = await _maybe_await(self._task_handler(task, context))
            frame = {"type": "result", "conversation_id": task_id, "success": True, "result": value, "metadata": {}}
        except asyncio.CancelledError:
            context.cancelled.set()
            return
        except Exception as error:
            frame = {"type": "result", "conversation_id": task_id, "success": False, "result": str(error), "metadata": {}}
        self._running_tasks.pop(task_id, None)
        self._finished_tasks[task_id] = frame
        if len(self._finished_tasks) > _REMEMBERED_RESULTS:
            self._finished_tasks.pop(next(iter(self._finished_tasks)))
        await self._write(frame, keep=True)

    async def _await_ack(self, message_id, frame):
        if self.state == "closed":
            raise GatewayError("CLOSED", "the client was closed")
        future = asyncio.get_running_loop().create_future()
        self._acks[message_id] = future
        await self._write(frame, keep=True)
        try:
            return await asyncio.wait_for(future, _ACK_TIMEOUT)
        except asyncio.TimeoutError:
            raise GatewayError("TIMEOUT", "the gateway did not acknowledge the message", message_id) from None
        finally:
            self._acks.pop(message_id, None)

    async def _write(self, frame, keep):
        """Sends now when connected; otherwise keeps the frame for the next connection when `keep`."""
        data = json.dumps(frame)
        if self.state == "connected" and self._ws is not None:
            try:
                await self._ws.send(data)
                return
            except ConnectionClosed:
                pass
        if keep and len(self._outbox) < _MAX_OUTBOX:
            self._outbox.append(data)

    def _settle(self, table, key, outcome):
        future = table.pop(key, None)
        if future is None or future.done():
            return
        if isinstance(outcome, Exception):
            future.set_exception(outcome)
        else:
            future.set_result(outcome)

    def _fail_pending(self, error):
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_exception(error)
        self._waiters = []
        for table in (self._acks, self._requests):
            for key in list(table):
                self._settle(table, key, error)

    def _set_state(self, state):
        if self.state == state:
            return
        self.state = state
        for handler in self._state_handlers:
            handler(state)

