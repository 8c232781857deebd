"""Hardware-method error with the catalogue's default utilization vs with a calibration learned from
5, 10 and 20 past runs of the same cluster (synthetic, seeded), through the real flopwatch binary.

Each cluster has a true median utilization drawn from 0.13-0.46 (the spread of implied utilization
across public runs); its runs vary around it log-normally with a within-cluster spread sigma (two
values are run). Past runs go into a registry as completed runs with their exact compute; new runs of
the same cluster state only their hardware; `flopwatch estimate` gives their compute with
`--no-calibration` and with the registry's calibration (`flopwatch calibrate --tag cluster`).
Prints the median |log10(estimate / truth)| side by side, and how often the 90% interval holds the truth.
Usage: calibration_bench.py FLOPWATCH WORKDIR [SEED]
"""
import json
import math
import os
import random
import statistics
import subprocess
import sys

flopwatch, work = sys.argv[1], sys.argv[2]
seed = int(sys.argv[3]) if len(sys.argv) > 3 else 20261205
PEAK = 989.4e12  # H100-SXM dense BF16, as in Thresholds/accelerators.yaml
CLUSTERS, NEW_RUNS, HISTORY = 20, 10, (5, 10, 20)


def run(*arguments):
    result = subprocess.run([flopwatch, *arguments], capture_output=True, text=True)
    if result.returncode not in (0,):
        sys.exit(f"flopwatch {' '.join(arguments)} failed ({result.returncode}): {result.stderr}")
    return result.stdout


def estimate(path, *flags):
    answer = json.loads(run("estimate", path, "--format", "json", *flags))
    return answer["flop"]


def document(run_id, cluster, gpu_hours, flop=None):
    stage = {"kind": "pre-training", "hardware": {"accelerator": "H100-SXM", "gpu_hours": gpu_hours}}
    if flop is not None:
        stage["flop"] = {"central": flop, "low": flop, "high": flop}
    return {"flopwatch": 1, "id": run_id, "status": "completed" if flop else "running", "model": {"architecture": "dense"},
            "tags": {"cluster": cluster}, "stages": [stage]}


def trial(sigma):
    rng = random.Random(f"{seed}-{sigma}")
    clusters = []
    for index in range(CLUSTERS):
        median = rng.uniform(0.13, 0.46)
        def draw():
            return min(0.95, median * math.exp(rng.gauss(0, sigma)))
        past = [(10 ** rng.uniform(4, 6), draw()) for _ in range(max(HISTORY))]
        new = [(10 ** rng.uniform(4, 6), draw()) for _ in range(NEW_RUNS)]
        clusters.append((f"c{index}", past, new))
    directory = os.path.join(work, f"sigma-{sigma}")
    os.makedirs(directory, exist_ok=True)
    files = []
    for name, _, new in clusters:
        for number, (hours, utilization) in enumerate(new):
            path = os.path.join(directory, f"{name}-new-{number}.json")
            with open(path, "w") as handle:
                json.dump(document(f"{name}-new-{number}", name, hours), handle)
            files.append((path, hours * 3600 * PEAK * utilization))
    default = []
    for path, truth in files:
        flop = estimate(path, "--no-calibration")
        default.append((abs(math.log10(flop["central"] / truth)), flop["low"] <= truth <= flop["high"], flop["high"] / flop["low"]))
    rows = []
    for size in HISTORY:
        registry = os.path.join(directory, f"history-{size}.sqlite")
        lines = [json.dumps(document(f"{name}-past-{number}", name, hours, hours * 3600 * PEAK * u))
                 for name, past, _ in clusters for number, (hours, u) in enumerate(past[:size])]
        with open(os.path.join(directory, f"history-{size}.jsonl"), "w") as handle:
            handle.write("\n".join(lines) + "\n")
        run("registry", "import", os.path.join(directory, f"history-{size}.jsonl"), "--registry", registry)
        run("calibrate", "--registry", registry, "--tag", "cluster")
        calibrated = []
        for path, truth in files:
            flop = estimate(path, "--registry", registry)
            calibrated.append((abs(math.log10(flop["central"] / truth)), flop["low"] <= truth <= flop["high"], flop["high"] / flop["low"]))
        rows.append((size, calibrated))
    return default, rows


def summary(results):
    errors = [e for e, _, _ in results]
    return statistics.median(errors), sum(1 for _, c, _ in results if c) / len(results), statistics.median(w for _, _, w in results)


print(f"seed {seed}; {CLUSTERS} clusters x {NEW_RUNS} new runs each; H100-SXM; true cluster medians 0.13-0.46")
met = None
for sigma in (0.12, 0.20):
    default, rows = trial(sigma)
    d_error, d_cover, d_width = summary(default)
    print(f"\nwithin-cluster spread sigma = {sigma} (ln utilization)")
    print(f"  {'past runs':>9}  {'default |log10|':>15}  {'calibrated |log10|':>18}  {'ratio':>6}  {'covered (default / cal.)':>24}  {'90% width (default / cal.)':>26}")
    for size, calibrated in rows:
        c_error, c_cover, c_width = summary(calibrated)
        print(f"  {size:>9}  {d_error:>15.4f}  {c_error:>18.4f}  {d_error / c_error:>5.1f}x  {d_cover:>11.0%} / {c_cover:<10.0%}  {d_width:>12.2f}x / {c_width:.2f}x")
        if size == 10 and sigma == 0.12:
            met = c_error
print(f"\ntarget: calibrated median error with 10 past runs <= 0.05 (sigma 0.12): {met:.4f} -> {'met' if met <= 0.05 else 'NOT met'}")
