#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Scale-out test: `qasid ingest --shard K/N` run by Dask distributed.

Starts a throwaway PostgreSQL server (tests/pg-server), a Dask scheduler and
two worker processes on 127.0.0.1, and runs the N shards of one input as N
Dask tasks, each calling `qasid ingest --shard K/N --db postgresql://...`
into one store. Then checks that the store equals a single-process ingest of
the same input into another database (articles and their content hashes,
copies, sentences, entities and mentions), and that a retried shard adds
nothing.

    tests/dask_shards.py QASID_BIN [--shared DIR] [--articles N] [--shards N]

The input is the first --articles BBC articles of DIR/data/news-text (or,
without them, generated text), each record twice under another id, so that
copies are exercised. Exit status 0 when the stores match, 77 (after a line
"skip: ...") when Dask or PostgreSQL is missing, 1 otherwise.
"""
import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SKIP = 77


def skip(why):
    print(f"skip: {why}")
    sys.exit(SKIP)


def shard_task(qasid, k, n, url, corpus):
    """One Dask task: the k-th of n shards into the store at url."""
    import subprocess as sp

    r = sp.run([qasid, "ingest", "-q", "-j", "1", "--shard", f"{k}/{n}", "--db", url, corpus],
               stdout=sp.PIPE, stderr=sp.PIPE, text=True)
    return k, r.returncode, r.stderr[-2000:]


def psql(pg_bin, url, sql):
    out = subprocess.run([os.path.join(pg_bin, "psql"), "-X", "-A", "-t", "-q", url, "-c", sql],
                         check=True, stdout=subprocess.PIPE, text=True).stdout
    return out.strip()


def pg_bin_dir():
    d = os.environ.get("PG_BIN")
    if d:
        return d
    root = "/usr/lib/postgresql"
    vers = sorted(os.listdir(root), key=lambda v: [int(x) for x in v.split(".") if x.isdigit()]) \
        if os.path.isdir(root) else []
    return os.path.join(root, vers[-1], "bin") if vers else ""


def write_corpus(path, shared, n):
    recs = []
    src = os.path.join(shared, "data", "news-text", "bbc-fulltext.jsonl.gz")
    if os.path.exists(src):
        with gzip.open(src, "rt", encoding="utf-8") as f:
            for line in f:
                recs.append(json.loads(line))
                if len(recs) == n:
                    break
    else:
        for i in range(n):
            recs.append({"id": f"gen-{i}", "title": f"Report {i}",
                         "text": f"Officials in Islamabad said on Monday that talks number {i} "
                                 f"with the Taliban had ended. The army denied it."})
    with open(path, "w", encoding="utf-8") as f:
        for i, r in enumerate(recs):
            f.write(json.dumps(r) + "\n")
            if i % 3 == 0:  # an exact copy from another source
                c = dict(r, id=r["id"] + "-wire", source="Wire")
                f.write(json.dumps(c) + "\n")
    return len(recs)


# What must be equal, as SQL both stores answer.
CHECKS = [
    ("articles", "SELECT count(*) FROM article"),
    ("copies", "SELECT count(*) FROM article_copy"),
    ("sentences", "SELECT count(*) FROM sentence"),
    ("entities", "SELECT count(*) FROM entity"),
    ("mentions", "SELECT count(*) FROM mention"),
    ("article hashes", "SELECT md5(string_agg(encode(content_hash, 'hex'), ','"
                       " ORDER BY content_hash)) FROM article"),
    ("copy keys", "SELECT md5(string_agg(c.ext_id || '|' || c.source || '|'"
                  " || encode(a.content_hash, 'hex'), ',' ORDER BY c.ext_id, c.source))"
                  " FROM article_copy c JOIN article a ON a.id = c.article_id"),
    ("entities by article", "SELECT md5(string_agg(h || ':' || n, ',' ORDER BY h)) FROM"
                            " (SELECT encode(a.content_hash, 'hex') AS h, count(e.id) AS n"
                            " FROM article a LEFT JOIN entity e ON e.article_id = a.id"
                            " GROUP BY a.id) x"),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("qasid")
    ap.add_argument("--shared", default=os.environ.get("QASID_SHARED", "../shared"))
    ap.add_argument("--articles", type=int, default=240)
    ap.add_argument("--shards", type=int, default=4)
    a = ap.parse_args()
    qasid = os.path.abspath(a.qasid)

    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as e:
        skip(f"no Dask distributed ({e}; apt-get install python3-distributed)")
    pg_bin = pg_bin_dir()
    if not os.path.exists(os.path.join(pg_bin, "initdb")):
        skip("no PostgreSQL (apt-get install postgresql)")

    tmp = tempfile.mkdtemp(prefix="qasid-dask-")
    pgdir = tempfile.mkdtemp(prefix="qasid-pg-")
    server = os.path.join(HERE, "pg-server")
    started = False
    try:
        r = subprocess.run([server, "start", pgdir], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
        if r.returncode == 3:
            skip(r.stderr.strip().splitlines()[-1] if r.stderr.strip() else "no PostgreSQL")
        if r.returncode != 0:
            print(r.stderr, file=sys.stderr)
            return 1
        started = True
        url = {}
        for name in ("sharded", "single"):
            url[name] = subprocess.run([server, "db", pgdir, name], check=True,
                                       stdout=subprocess.PIPE, text=True).stdout.strip()
        corpus = os.path.join(tmp, "corpus.jsonl")
        n = write_corpus(corpus, a.shared, a.articles)

        # The reference: one process, all records.
        subprocess.run([qasid, "ingest", "-q", "--db", url["single"], corpus], check=True)

        # A scheduler and two workers on 127.0.0.1 (processes, one thread each).
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address=None, local_directory=tmp) as cluster, \
                Client(cluster) as client:
            workers = client.scheduler_info()["workers"]
            assert len(workers) == 2, workers
            futs = [client.submit(shard_task, qasid, k, a.shards, url["sharded"], corpus,
                                  pure=False) for k in range(1, a.shards + 1)]
            results = client.gather(futs)
            ran_on = {ts for ts in client.run(lambda: os.getpid()).values()}
            bad = [(k, rc, err) for k, rc, err in results if rc != 0]
            if bad:
                print(f"FAIL: shards exited non-zero: {bad}", file=sys.stderr)
                return 1
            before = psql(pg_bin, url["sharded"], CHECKS[0][1])
            # A retried shard (as a scheduler retries a lost task) adds nothing.
            k, rc, err = client.submit(shard_task, qasid, 2, a.shards, url["sharded"], corpus,
                                       pure=False).result()
            if rc != 0 or psql(pg_bin, url["sharded"], CHECKS[0][1]) != before:
                print(f"FAIL: the retried shard changed the store ({rc}: {err})", file=sys.stderr)
                return 1

        failed = 0
        for what, sql in CHECKS:
            x, y = psql(pg_bin, url["single"], sql), psql(pg_bin, url["sharded"], sql)
            if x != y:
                print(f"FAIL: {what}: single process {x}, {a.shards} shards {y}", file=sys.stderr)
                failed = 1
        runs = psql(pg_bin, url["sharded"], "SELECT count(*) FROM ingest_run WHERE finished IS NOT NULL")
        print(f"dask: {n} articles (+ copies), {a.shards} shards on 2 workers "
              f"({len(ran_on)} processes), {runs} runs: "
              + ("store equals the single-process ingest" if not failed else "MISMATCH"))
        for what, sql in CHECKS[:5]:
            print(f"  {what}: {psql(pg_bin, url['sharded'], sql)}")
        return failed
    finally:
        if started:
            subprocess.run([server, "stop", pgdir], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        shutil.rmtree(pgdir, ignore_errors=True)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
