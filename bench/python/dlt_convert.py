"""Contestant "dlt": loads the same files into Parquet on the local file system with dlt's own
schema inference (filesystem source + read_csv / read_jsonl readers, filesystem destination,
loader_file_format=parquet). Prints one JSON line with its timings.

Usage: python dlt_convert.py '{"dir": "...", "glob": "*.csv", "format": "csv", "table": "flights",
                              "out": "/abs/out/dir", "work": "/abs/work/dir",
                              "workers": 2}'
"""

import glob
import json
import os
import resource
import sys
import time

job = json.loads(sys.argv[1])
os.makedirs(job["out"], exist_ok=True)
os.makedirs(job["work"], exist_ok=True)
# Configuration through dlt's environment variables, before dlt is imported.
os.environ["RUNTIME__LOG_LEVEL"] = "WARNING"
os.environ["RUNTIME__DLTHUB_TELEMETRY"] = "false"
os.environ["DLT_DATA_DIR"] = os.path.join(job["work"], "data")
os.environ["DESTINATION__FILESYSTEM__BUCKET_URL"] = "file://" + job["out"]

t0 = time.perf_counter()
import dlt  # noqa: E402
from dlt.sources.filesystem import filesystem, read_csv, read_jsonl  # noqa: E402

files = filesystem(bucket_url="file://" + job["dir"], file_glob=job["glob"])
reader = read_csv() if job["format"] == "csv" else read_jsonl()
resource_ = (files | reader).with_name(job["table"])
pipeline = dlt.pipeline(
    pipeline_name="tributary_bench",
    destination="filesystem",
    dataset_name="bench",
    pipelines_dir=os.path.join(job["work"], "pipelines"),
)
t1 = time.perf_counter()
pipeline.extract(resource_, loader_file_format="parquet")
t2 = time.perf_counter()
pipeline.normalize(workers=int(job.get("workers", 1)))
t3 = time.perf_counter()
pipeline.load()
t4 = time.perf_counter()

outputs = sorted(glob.glob(os.path.join(job["out"], "bench", job["table"], "*.parquet")))
print(
    json.dumps(
        {
            "startupSeconds": t1 - t0,
            "convertSeconds": t4 - t1,
            "steps": {"extract": t2 - t1, "normalize": t3 - t2, "load": t4 - t3},
            "outputs": outputs,
            "tables": sorted(
                d for d in os.listdir(os.path.join(job["out"], "bench")) if not d.startswith("_")
            ),
            "version": f"dlt {dlt.__version__}",
            "maxRssSelf": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        }
    ),
    flush=True,
)
