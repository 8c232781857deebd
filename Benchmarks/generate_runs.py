#!/usr/bin/env python3
"""Writes N synthetic run documents as JSON Lines (and the same rows as CSV for sqlite3).

Deterministic (seeded). Exactly 50 runs are above 1e25 FLOP whatever N is, so `registry list
--min-flop 1e25` returns the same rows at every scale, and run-00000001 has a chain of fine-tunes
below it, so `registry lineage` does the same work at every scale.
Usage: generate_runs.py N OUT.jsonl [OUT.csv]
"""
import csv, json, random, sys

n = int(sys.argv[1]); out = sys.argv[2]; out_csv = sys.argv[3] if len(sys.argv) > 3 else None
rng = random.Random(42)
accelerators = ["H100-SXM", "A100", "TPU-v5p", "MI300X", "B200"]
markets = [["EU"], ["US-CA"], ["EU", "US-CA"], ["KR"], ["EU", "US-NY", "KR"]]
big = set(rng.sample(range(100, n), min(50, max(0, n - 100))))
rows = []
with open(out, "w") as f:
    for i in range(1, n + 1):
        rid = f"run-{i:08d}"
        if i in big:
            params, tokens = 4.05e11, 15e12           # ~3.6e25 FLOP
        else:
            params = rng.choice([1e8, 3e8, 1e9, 3e9, 7e9])
            tokens = rng.choice([1e10, 3e10, 1e11, 2e11])  # at most ~8.4e21 FLOP
        doc = {
            "flopwatch": 1, "id": rid, "name": f"Run {i}",
            "developer": {"name": f"Lab {i % 97}", "annual_revenue_usd": rng.choice([1e7, 1e8, 1e9])},
            "model": {"architecture": "dense", "parameters": params, "modalities": ["text"]},
            "stages": [{"kind": "pre-training", "tokens": tokens,
                        "hardware": {"accelerator": rng.choice(accelerators), "count": 64, "days": 3}}],
            "schedule": {"start": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"},
            "markets": rng.choice(markets),
            "status": rng.choice(["planned", "running", "completed"]),
        }
        if 2 <= i <= 6:  # a chain of fine-tunes under run-00000001
            doc["base_model"] = {"run": f"run-{i - 1:08d}", "same_provider": True}
            doc["stages"] = [{"kind": "fine-tuning", "tokens": 1e9}]
        line = json.dumps(doc, separators=(",", ":"), sort_keys=True)
        f.write(line + "\n")
        flop = 6 * params * tokens
        rows.append([rid, doc["name"], doc["status"], doc["developer"]["name"], doc["schedule"]["start"], "",
                     flop, flop * 0.93, flop * 1.2, flop, flop * 0.93, flop * 1.2, "combined",
                     doc.get("base_model", {}).get("run", ""), "", "", "{}", 1, "2026-11-26T00:00:00Z",
                     "2026-11-26T00:00:00Z", line])
if out_csv:
    with open(out_csv, "w", newline="") as f:
        w = csv.writer(f)
        w.writerows(rows)
