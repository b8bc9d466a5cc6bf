"""Scenarios the Python client test (python-client.test.ts) drives against a real gateway.

Each prints one JSON object per line; the test reads them as they come.
Usage: scenarios.py NAME   (GATEWAY and TOKEN come from the environment)
"""

import asyncio
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from agentmesh_client import GatewayClient, GatewayError  # noqa: E402

GATEWAY = os.environ["GATEWAY"]
TOKEN = os.environ["TOKEN"]


def say(**fields):
    print(json.dumps(fields), flush=True)


def client(agent_id, **options):
    return GatewayClient(gateway_url=GATEWAY, agent_id=agent_id, token=TOKEN, reconnect_interval=0.05,
                         max_reconnect_interval=0.5, **options)


async def messages():
    alice = client("py-alice", agent_name="Py Alice", capabilities=["search", "analyze"],
                   card={"agent_type": "analyst", "description": "a Python agent", "version": "0.3.0"})
    bob = client("py-bob")

    @bob.on_message
    async def shout(message):
        return message["content"][0]["text"].upper()

    connected = await alice.connect()
    await bob.connect()
    say(event="connected", frame=connected)
    result = await alice.request("py-bob", "hello from python")
    say(event="result", frame=result)
    try:
        await alice.send("nobody-home", "anyone?")
    except GatewayError as error:
        say(event="error", code=error.code, message_id=error.message_id)
    await asyncio.sleep(float(os.environ.get("LINGER", "0")))
    await alice.close()
    await bob.close()
    say(event="done")


async def worker():
    agent = client("py-worker", capabilities=["python"])
    cancelled = asyncio.Event()

    @agent.on_task
    async def work(task, ctx):
        if "forever" in task["prompt"]:
            try:
                await asyncio.Event().wait()
            except asyncio.CancelledError:
                say(event="cancelled", task_id=task["task_id"])
                cancelled.set()
                raise
        if "fail" in task["prompt"]:
            raise ValueError("python says no")
        await ctx.progress(text="thinking in python", percent=30)
        return {"answer": task["prompt"][::-1]}

    await agent.connect()
    say(event="ready", session=agent.session_id)
    await agent.wait_closed()


async def reconnect():
    agent = client("py-phoenix")
    agent.on_state_change(lambda state: say(event="state", state=state))
    agent.on_message(lambda message: "risen")
    await agent.connect()
    say(event="ready", session=agent.session_id)
    await agent.wait_closed()


async def refused():
    agent = GatewayClient(gateway_url=GATEWAY, agent_id="py-intruder", token="not-the-token-1234")
    try:
        await agent.connect()
        say(event="connected")
    except GatewayError as error:
        say(event="refused", code=error.code, status=error.status, state=agent.state)


if __name__ == "__main__":
    asyncio.run({"messages": messages, "worker": worker, "reconnect": reconnect, "refused": refused}[sys.argv[1]]())
