"""Contestant "PySpark local": the same conversion with Spark in local mode (local[2]), schema
inferred by Spark (CSV: header + inferSchema; JSON: full-scan inference). Prints one JSON line.

Usage: python spark_convert.py '{"files": [...], "format": "csv|ndjson", "out": "/abs/out/dir"}'
"""

import glob
import json
import os
import resource
import sys
import time

job = json.loads(sys.argv[1])
os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")

t0 = time.perf_counter()
import pyspark  # noqa: E402
from pyspark.sql import SparkSession  # noqa: E402

spark = (
    SparkSession.builder.master("local[2]")
    .appName("tributary-bench")
    .config("spark.ui.enabled", "false")
    .config("spark.sql.shuffle.partitions", "2")
    .config("spark.driver.memory", job.get("driverMemory", "2g"))
    .config("spark.driver.host", "127.0.0.1")
    .config("spark.driver.bindAddress", "127.0.0.1")
    .getOrCreate()
)
spark.sparkContext.setLogLevel("ERROR")
t1 = time.perf_counter()
if job["format"] == "csv":
    df = spark.read.option("header", "true").option("inferSchema", "true").csv(job["files"])
else:
    df = spark.read.json(job["files"])
df.write.mode("overwrite").parquet(job["out"])
t2 = time.perf_counter()
spark.stop()

print(
    json.dumps(
        {
            "startupSeconds": t1 - t0,
            "convertSeconds": t2 - t1,
            "outputs": sorted(glob.glob(os.path.join(job["out"], "part-*.parquet"))),
            "version": f"pyspark {pyspark.__version__} (local[2])",
            "maxRssSelf": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        }
    ),
    flush=True,
)
