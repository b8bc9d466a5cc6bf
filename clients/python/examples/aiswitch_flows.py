#!/usr/bin/env python3
"""The three example flows of the aiswitch JSON-RPC spec (specs/003), against a running gateway.

Standard library only (urllib). Usage:

    AGENTMESH_URL=http://127.0.0.1:3000 AGENTMESH_TOKEN=... python3 aiswitch_flows.py

Each step prints one JSON line: {"step": ..., "result": ...} or {"step": ..., "error": ...}.
The exit code is 0 when every flow ran as the spec describes, 1 otherwise.
"""

import datetime
import itertools
import json
import os
import sys
import urllib.error
import urllib.request

URL = os.environ.get("AGENTMESH_URL", "http://127.0.0.1:3000").rstrip("/")
TOKEN = os.environ.get("AGENTMESH_TOKEN", "")
CLAUDE_MODEL = os.environ.get("CLAUDE_MODEL", "claude-sonnet-4-5")
OPENAI_MODEL = os.environ.get("OPENAI_MODEL", "gpt-4o")
_ids = itertools.count(1)


class RpcError(Exception):
    def __init__(self, code, message, data=None):
        super().__init__(f"{code} {message}")
        self.code = code
        self.message = message
        self.data = data


def call(method, params=None):
    """One JSON-RPC 2.0 call over POST /rpc; raises RpcError for an error answer."""
    body = {"jsonrpc": "2.0", "id": next(_ids), "method": method}
    if params is not None:
        body["params"] = params
    request = urllib.request.Request(
        URL + "/rpc",
        data=json.dumps(body).encode("utf-8"),
        headers={"Content-Type": "application/json", "Authorization": "Bearer " + TOKEN},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            answer = json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        raise RpcError(error.code, error.read().decode("utf-8", "replace")) from None
    if "error" in answer:
        error = answer["error"]
        raise RpcError(error["code"], error["message"], error.get("data"))
    return answer["result"]


def report(step, **fields):
    print(json.dumps({"step": step, **fields}, ensure_ascii=False), flush=True)


def register(agent_id, adapter_type, model):
    try:
        report("register_agent", result=call("agent.register", {"agent_id": agent_id, "adapter_type": adapter_type, "config": {"model": model}}))
    except RpcError as error:
        if error.code != -40002:  # already registered by an earlier run: fine
            raise
        report("register_agent", result={"agent_id": agent_id, "already_registered": True})


def multi_agent_flow():
    """基本多代理使用流程: register two agents, run one task on both in parallel."""
    register("claude-001", "claude", CLAUDE_MODEL)
    register("gpt-001", "openai", OPENAI_MODEL)
    task = {"id": "task-001", "prompt": "写一个Python快速排序函数", "max_tokens": 1000, "temperature": 0.7}
    results = call("task.execute", {"agent_ids": ["claude-001", "gpt-001"], "task": task, "mode": "parallel"})
    for result in results:
        if result["success"]:
            report("task_result", agent_id=result["metadata"].get("agent_id"), result=result["result"], tokens_used=result["tokens_used"])
        else:
            report("task_result", agent_id=result["metadata"].get("agent_id"), error=result["error"])
    return all(result["success"] for result in results)


def env_flow():
    """环境切换流程: snapshot, switch with a snapshot, roll back."""
    snapshot = call("env.snapshot", {"snapshot_id": "before-switch", "description": "切换前备份"})
    report("env.snapshot", result=snapshot)
    switched = call("env.switch", {"preset": "openai-gpt4", "create_snapshot": True})
    report("env.switch", result=switched)
    rolled = call("env.rollback", {"snapshot_id": "before-switch"})
    report("env.rollback", result=rolled)
    return switched["current_preset"] == "openai-gpt4" and rolled["snapshot"]["checksum"] == snapshot["checksum"]


def metrics_flow():
    """指标查询示例: the last hour of claude-001's metrics, and its token summary for the day."""
    end = datetime.datetime.now(datetime.timezone.utc)
    start = end - datetime.timedelta(hours=1)
    metrics = call("metrics.query", {
        "agent_id": "claude-001",
        "start_time": start.isoformat().replace("+00:00", "Z"),
        "end_time": end.isoformat().replace("+00:00", "Z"),
        "metric_types": ["cpu_percent", "memory_mb", "response_time_ms"],
        "aggregation": "avg",
        "interval": 300,
    })
    report("metrics.query", result=metrics)
    summary = call("tokens.summary", {"agent_id": "claude-001", "timeframe": "day"})
    report("tokens.summary", result=summary)
    return "total_count" in metrics and summary["total_usage"]["total_tokens"] > 0


def main():
    if not TOKEN:
        report("setup", error="set AGENTMESH_TOKEN (the gateway token)")
        return 1
    ok = True
    for flow in (multi_agent_flow, env_flow, metrics_flow):
        try:
            passed = flow()
        except RpcError as error:
            report(flow.__name__, error={"code": error.code, "message": error.message, "data": error.data})
            passed = False
        report(flow.__name__, ok=passed)
        ok = ok and passed
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
