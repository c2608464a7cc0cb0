"""A private Virtuoso 7.2 server (Debian's virtuoso-opensource) on free loopback ports, for tests.

It gets its own ini and database folder, listens on 127.0.0.1 only, and is stopped by its PID.
Data goes in with Virtuoso's own bulk loader (`ld_dir` + `rdf_loader_run` through isql), not
with ittifak's push code, so a test of the queries does not rest on the code that pushes.
"""

from __future__ import annotations

import shutil
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from conftest import free_port

INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {load}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 400
DefaultQuery = ASK {{}}
"""


def virtuoso_binary() -> str | None:
    return shutil.which("virtuoso-t")


@dataclass
class VirtuosoServer:
    process: subprocess.Popen
    folder: Path
    sql_port: int
    http_port: int

    @property
    def sparql(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @classmethod
    def start(cls, folder: Path) -> VirtuosoServer:
        db, load = folder / "db", folder / "load"
        db.mkdir(parents=True)
        load.mkdir()
        sql_port, http_port = free_port(), free_port()
        ini = folder / "virtuoso.ini"
        ini.write_text(INI.format(db=db, load=load, sql_port=sql_port, http_port=http_port), encoding="utf-8")
        process = subprocess.Popen([virtuoso_binary(), "+foreground", "+configfile", str(ini)], cwd=folder,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        server = cls(process, folder, sql_port, http_port)
        deadline = time.monotonic() + 120
        while True:  # readiness poll: the first start creates the database
            if process.poll() is not None:
                log = db / "virtuoso.log"
                tail = log.read_text(errors="replace")[-800:] if log.exists() else ""
                raise RuntimeError(f"virtuoso-t exited with {process.returncode}: {tail}")
            try:
                urllib.request.urlopen(f"{server.sparql}?query=ASK%7B%7D", timeout=2).read()
                return server
            except (urllib.error.URLError, ConnectionError, OSError):
                if time.monotonic() > deadline:
                    server.stop()
                    raise RuntimeError("virtuoso did not answer within 120 s") from None
                time.sleep(0.2)

    def isql(self, statements: str) -> str:
        """Run SQL through isql as dba (the password stays `dba`: the server is private)."""
        done = subprocess.run([shutil.which("isql-vt") or "isql", f"127.0.0.1:{self.sql_port}", "dba", "dba",
                               f"EXEC={statements}"], capture_output=True, text=True, timeout=300, check=False)
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql failed: {(done.stdout + done.stderr)[-1500:]}")
        return done.stdout

    def load(self, path: Path, graph: str) -> None:
        """Bulk-load one RDF file into a named graph."""
        target = self.folder / "load" / path.name
        shutil.copy(path, target)
        self.isql(f"ld_dir('{target.parent}', '{target.name}', '{graph}'); rdf_loader_run(); checkpoint;")
        failed = self.isql("SELECT ll_file, ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL;")
        if "0 Rows" not in failed:
            raise RuntimeError(f"the bulk loader failed: {failed[-1500:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
