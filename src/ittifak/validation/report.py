"""Writing a validation report for people (text), for programs (JSON) and as SHACL (Turtle).

The text report is meant for someone who has never seen SHACL: results are grouped by the resource
they are about, named by its label, with the message, the value and the file and line to edit.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ittifak.core import formats
from ittifak.core.layout import Layout
from ittifak.core.vocab import shorten
from ittifak.validation.ontology_checks import CheckResult
from ittifak.validation.results import EntityResults, ValidationReport, ValidationResult

FORMATS = formats.names("report")

_WORDS = {
    "en": {
        "title": "Ittifak validation",
        "conforms": "The data conforms to the rules.",
        "not_conforms": "The data does not conform to the rules.",
        "checked": "Checked {statements} statements{files} against {rules} rules (shapes/).",
        "files": " from {n} files",
        "errors": "ERRORS: mistakes in the data, to be corrected",
        "warnings": "WARNINGS: the paper contradicts itself here; the data records it as a source conflict",
        "infos": "NOTES",
        "error": "error", "warning": "warning", "info": "note",
        "defined": "described at",
        "within": "in",
        "property": "property",
        "value": "value",
        "where": "written at",
        "why": "why it matters",
        "conflicts": "recorded source conflicts",
        "summary": "Summary: {errors} {error_word}, {warnings} {warning_word}{infos}.",
        "error_s": ("error", "errors"), "warning_s": ("warning", "warnings"), "info_s": ("note", "notes"),
        "in": "in {n} {resource_word}",
        "resource_s": ("resource", "resources"),
    },
    "tr": {
        "title": "Ittifak doğrulaması",
        "conforms": "Veri kurallara uyuyor.",
        "not_conforms": "Veri kurallara uymuyor.",
        "checked": "{statements} ifade{files} {rules} kurala (shapes/) göre denetlendi.",
        "files": ", {n} dosyadan,",
        "errors": "HATALAR: verideki yanlışlar, düzeltilmeli",
        "warnings": "UYARILAR: makale burada kendisiyle çelişiyor; veri bunu bir kaynak çelişkisi olarak kaydediyor",
        "infos": "NOTLAR",
        "error": "hata", "warning": "uyarı", "info": "not",
        "defined": "tanımlandığı yer",
        "within": "ilgili kayıt",
        "property": "özellik",
        "value": "değer",
        "where": "yazıldığı yer",
        "why": "neden önemli",
        "conflicts": "kayıtlı kaynak çelişkileri",
        "summary": "Özet: {errors} {error_word}, {warnings} {warning_word}{infos}.",
        "error_s": ("hata", "hata"), "warning_s": ("uyarı", "uyarı"), "info_s": ("not", "not"),
        "in": "{n} {resource_word} içinde",
        "resource_s": ("kaynak", "kaynak"),
    },
}

def _plural(words: dict, key: str, n: int) -> str:
    one, many = words[key]
    return one if n == 1 else many


def _number(n: int, lang: str) -> str:
    text = f"{n:,}"
    return text.replace(",", ".") if lang == "tr" else text


def _display_path(path: Path) -> str:
    """A path relative to the working folder when it lies inside it, as the user typed it."""
    try:
        return os.path.relpath(path) if Path(path).is_absolute() and not os.path.relpath(path).startswith("..") \
            else str(path)
    except ValueError:  # another drive on Windows
        return str(path)


def _where(location) -> str | None:
    if location is None:
        return None
    file = _display_path(location.file)
    return f"{file}:{location.line}" if location.line else file


def _short_iri(node) -> str:
    return shorten(str(node), Layout.find().prefixes)


def render_text(report: ValidationReport, lang: str = "en") -> str:
    """The report as plain text, grouped by resource; errors first, then warnings."""
    w = _WORDS.get(lang, _WORDS["en"])
    lines: list[str] = []
    n_err, n_warn, n_info = len(report.violations), len(report.warnings), len(report.infos)
    files = w["files"].format(n=len(report.files)) if report.files else ""
    status = w["conforms"] if report.conforms else w["not_conforms"]
    lines.append(f"{w['title']}: {status}")
    lines.append(w["checked"].format(statements=_number(report.statements, lang), files=files,
                                     rules=report.rules))
    for severity, heading in (("violation", "errors"), ("warning", "warnings"), ("info", "infos")):
        groups = report.by_entity(severity)
        if not groups:
            continue
        count = sum(len(g.results) for g in groups)
        where = w["in"].format(n=len(groups), resource_word=_plural(w, "resource_s", len(groups)))
        lines.append("")
        lines.append(f"{w[heading]} ({count}, {where})")
        for group in groups:
            lines.append("")
            lines.extend(_group_lines(group, w, lang))
    lines.append("")
    infos = ""
    if n_info:
        infos = f", {n_info} {_plural(w, 'info_s', n_info)}"
    lines.append(w["summary"].format(errors=n_err, error_word=_plural(w, "error_s", n_err),
                                     warnings=n_warn, warning_word=_plural(w, "warning_s", n_warn),
                                     infos=infos))
    return "\n".join(lines) + "\n"


def _group_lines(group: EntityResults, w: dict, lang: str) -> list[str]:
    head = f"{group.label} — {group.kind} ({_short_iri(group.entity)})"
    lines = [head]
    for result in group.results:
        lines.extend(_result_lines(result, w, lang))
    if group.conflicts:
        lines.append(f"    {w['conflicts']}: " + "; ".join(f"“{c}”" for c in group.conflicts))
    return lines


def _result_lines(result: ValidationResult, w: dict, lang: str) -> list[str]:
    lines = [f"  {w[result.severity if result.severity != 'violation' else 'error']} — {result.problem}:"]
    lines.append(f"    {result.message}")
    if result.focus_label:
        lines.append(f"    {w['within']}: {result.focus_label}")
    details = []
    if result.path:
        details.append(f"{w['property']}: {result.path}")
    if result.value_label is not None:
        details.append(f"{w['value']}: {result.value_label}")
    if details:
        lines.append("    " + "; ".join(details))
    where = _where(result.location)
    if where:
        lines.append(f"    {w['where']}: {where}")
    if result.rule:
        lines.append(f"    {w['why']}: {result.rule}")
    return lines


def render_json(report: ValidationReport) -> str:
    """The report as JSON: totals, then one object per resource with its results."""
    entities = []
    for group in report.by_entity():
        loc = group.location
        entities.append({
            "iri": str(group.entity),
            "label": group.label,
            "class": group.kind,
            "file": str(loc.file) if loc else None,
            "line": loc.line if loc else None,
            "conflicts": group.conflicts,
            "results": [r.as_dict() for r in group.results],
        })
    data = {
        "conforms": report.conforms,
        "violations": len(report.violations),
        "warnings": len(report.warnings),
        "infos": len(report.infos),
        "statements": report.statements,
        "rules": report.rules,
        "files": [str(f) for f in report.files],
        "entities": entities,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_turtle(report: ValidationReport) -> str:
    """The SHACL validation report graph itself, in Turtle."""
    graph = report.graph
    for prefix, ns in Layout.find().prefixes.items():
        graph.bind(prefix, ns, override=True)
    return graph.serialize(format="turtle")


def render(report: ValidationReport, fmt: str = "text", lang: str = "en") -> str:
    if fmt == "json":
        return render_json(report)
    if fmt == "turtle":
        return render_turtle(report)
    return render_text(report, lang)


def render_checks(results: list[CheckResult]) -> str:
    """The ontology checks as text: each check, pass or the terms it found."""
    failed = [r for r in results if not r.passed]
    lines = [f"Ontology checks: {len(results) - len(failed)} of {len(results)} pass."]
    for r in results:
        lines.append(f"{'pass' if r.passed else 'FAIL'}  {r.name}")
        if not r.passed:
            lines.append(f"      {r.description}")
            lines += [f"      - {' '.join(value for value in row if value)}" for row in r.rows]
    return "\n".join(lines) + "\n"
