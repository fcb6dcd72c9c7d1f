"""scan's per-file function as Dask tasks on a local cluster (the ``dask`` extra)."""

from __future__ import annotations

import importlib

import pytest

distributed = pytest.importorskip("distributed")
pytest.importorskip("codecscope.detection")

S = importlib.import_module("codecscope.scanning")


def test_scan_file_runs_as_dask_tasks(tmp_path):
    texts = {"ru.txt": ("Съешь же ещё этих мягких французских булок, да выпей чаю.\n" * 3, "cp1251"),
             "fr.txt": ("Voix ambiguë d'un cœur qui au zéphyr préfère les jattes de kiwis.\n" * 3, "utf-8"),
             "bin.dat": ("\x00\x01\x02\x03" * 64, "latin-1")}
    for name, (text, enc) in texts.items():
        (tmp_path / name).write_bytes(text.encode(enc))
    files = list(S.iter_files([str(tmp_path)], gitignore=False))
    options = S.make_options(mojibake=False)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        futures = client.map(S.scan_file, files, options=options)
        reports = {r.path.rsplit("/", 1)[-1]: r for r in client.gather(futures)}
    local = {r.path.rsplit("/", 1)[-1]: r for r in S.scan_files(files, options, jobs=1)}
    assert reports == local
    assert reports["ru.txt"].encoding == "cp1251" and "legacy" in reports["ru.txt"].kinds
    assert reports["fr.txt"].encoding == "utf-8" and not reports["fr.txt"].problems
    assert reports["bin.dat"].status == "binary"
