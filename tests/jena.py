"""Apache Jena's ARQ (Debian's libapache-jena-java) running query files as they are, for tests.

One JVM runs every file (each JVM start costs seconds), as `arq --data DATA --query FILE` would:
SELECT answers as SPARQL CSV or JSON results, ASK as true or false, CONSTRUCT as N-Triples.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from conftest import REPO

RUN_QUERIES = """\
import org.apache.jena.query.*;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.riot.RDFDataMgr;
public class RunQueries { public static void main(String[] a) {
  Model model = RDFDataMgr.loadModel(a[0]);
  for (int i = 2; i < a.length; i++) {
    System.out.println("### " + a[i]);
    try (QueryExecution qe = QueryExecutionFactory.create(QueryFactory.read(a[i]), model)) {
      qe.setTimeout(120000);
      Query q = qe.getQuery();
      if (q.isSelectType() && a[1].equals("json")) ResultSetFormatter.outputAsJSON(System.out, qe.execSelect());
      else if (q.isSelectType()) ResultSetFormatter.outputAsCSV(System.out, qe.execSelect());
      else if (q.isAskType()) System.out.println(qe.execAsk());
      else qe.execConstruct().write(System.out, "N-TRIPLES");
    } catch (Exception e) { System.out.println("ERROR " + e); }
  }
} }
"""


def jena_installed() -> bool:
    return shutil.which("java") is not None and shutil.which("dpkg") is not None and subprocess.run(
        ["dpkg", "-s", "libapache-jena-java"], capture_output=True, check=False).returncode == 0


def run_arq(data: Path, files: list[Path], folder: Path, results: str = "csv") -> dict[Path, str]:
    """Each query file's answer from ARQ on the RDF file `data`, as text (`ERROR …` if it failed)."""
    source = folder / "RunQueries.java"
    source.write_text(RUN_QUERIES, encoding="utf-8")
    classpath = subprocess.run(["bash", str(REPO / "scripts" / "jena-classpath.sh")], capture_output=True,
                               text=True, check=True).stdout.strip()
    done = subprocess.run(["java", "-cp", classpath, str(source), str(data), results, *map(str, files)],
                          capture_output=True, text=True, check=False, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    answers: dict[Path, str] = {}
    at = None
    for line in done.stdout.splitlines(keepends=True):
        if line.startswith("### "):
            at = Path(line[4:].strip())
            answers[at] = ""
        elif at is not None:
            answers[at] += line
    return answers
