"""Logs runs into an MLflow server through MLflow's own client, as a training job would.

Phase 1: experiment "pretraining" with a finished run, a running run and a run whose parameter is
not a number, and experiment "other" with 3 runs. Phase 2: the running run logs more tokens and
finishes; the finished run's cluster tag changes. Writes the run ids as JSON to OUT.
Usage: populate.py TRACKING_URI PHASE OUT
"""
import json
import sys

from mlflow import MlflowClient

uri, phase, out = sys.argv[1], sys.argv[2], sys.argv[3]
client = MlflowClient(tracking_uri=uri)
DAY = 86_400_000
NOV_1 = 1_793_491_200_000  # 2026-11-01T00:00:00Z in milliseconds

if phase == "1":
    pretraining = client.create_experiment("pretraining")
    other = client.create_experiment("other")
    small = client.create_run(pretraining, run_name="atlas-small", start_time=NOV_1).info.run_id
    for key, value in {"n_params": "7e9", "total_tokens": "2e12", "accelerator": "H100-SXM", "num_gpus": "256"}.items():
        client.log_param(small, key, value)
    client.log_metric(small, "gpu_hours", 120000, timestamp=NOV_1 + 9 * DAY)
    client.log_metric(small, "tokens_seen", 2e12, timestamp=NOV_1 + 9 * DAY)
    client.set_tag(small, "cluster", "east-1")
    client.set_terminated(small, "FINISHED", end_time=NOV_1 + 9 * DAY)
    large = client.create_run(pretraining, run_name="atlas-large", start_time=NOV_1 + 10 * DAY).info.run_id
    for key, value in {"n_params": "70e9", "total_tokens": "15e12", "accelerator": "H100-SXM", "num_gpus": "4096"}.items():
        client.log_param(large, key, value)
    client.log_metric(large, "tokens_seen", 1e12, timestamp=NOV_1 + 12 * DAY)
    client.set_tag(large, "cluster", "east-1")
    broken = client.create_run(pretraining, run_name="broken", start_time=NOV_1 + 11 * DAY).info.run_id
    client.log_param(broken, "n_params", "seven billion")
    client.log_param(broken, "total_tokens", "1e12")
    for index in range(3):
        run = client.create_run(other, run_name=f"other-{index}", start_time=NOV_1).info.run_id
        client.log_param(run, "n_params", "1e9")
        client.log_param(run, "total_tokens", "2e10")
        client.set_terminated(run, "FINISHED", end_time=NOV_1 + DAY)
    with open(out, "w") as handle:
        json.dump({"small": small, "large": large, "broken": broken}, handle)
elif phase == "2":
    with open(out) as handle:
        ids = json.load(handle)
    client.log_metric(ids["large"], "tokens_seen", 4e12, timestamp=NOV_1 + 20 * DAY)
    client.set_tag(ids["small"], "cluster", "west-2")
    client.set_terminated(ids["large"], "FINISHED", end_time=NOV_1 + 21 * DAY)
else:
    sys.exit(f"unknown phase {phase}")
