# A small agent service for tests: a WebSocket server (python3-websockets) on $PORT that
# answers every message with {service, echo}, logging through Python's logging module.
import asyncio
import json
import logging
import os

import websockets

logging.basicConfig(level=logging.INFO, format="%(levelname)s:%(name)s:%(message)s")
log = logging.getLogger("echo")
NAME = os.environ.get("AGENT_SERVICE_NAME", "echo-py")


async def handle(ws, path=None):
    log.info("client connected")
    async for raw in ws:
        try:
            message = json.loads(raw)
        except ValueError:
            message = raw
        await ws.send(json.dumps({"service": NAME, "echo": message, "runtime": "python"}))


async def main():
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ["PORT"])
    async with websockets.serve(handle, host, port):
        log.info("listening on %s", port)
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main())
