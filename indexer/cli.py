"""The `minutes` command line: a thin layer over `indexing` and `query`.

Every subcommand mirrors a library function; this module only parses arguments,
prints, and turns known errors into one sentence and an exit status.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Callable, Iterator, Sequence, TextIO

from . import config
from .errors import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, MinutesError, UsageError


class Parser(argparse.ArgumentParser):
    """argparse, but errors are one sentence and exit status 2 (no usage dump)."""

    def error(self, message: str):  # type: ignore[override]
        raise UsageError(f"{message} (see '{self.prog} --help')")


# -- commands -------------------------------------------------------------------
def cmd_build(args: argparse.Namespace) -> int:
    from .indexing import build

    _require_minutes(config.corpus_roots(args.corpus))
    return _index_command(args, build, "build")


def _require_minutes(roots: Sequence[Path]) -> None:
    """An index of nothing is a mistake (a wrong folder, a clone not yet pulled): stop before the old index goes."""
    from .discover import minutes_files
    from .errors import CorpusError

    if not any(next(iter(minutes_files(root)), None) for root in roots):
        names = ", ".join(repr(str(root)) for root in roots)
        raise CorpusError(f"no minutes files (*.md, *.markdown) under {names}; the index was left as it was")


def cmd_update(args: argparse.Namespace) -> int:
    from .indexing import index_roots, update

    if not args.corpus and not config.env_corpus():
        args.corpus = [str(p) for p in index_roots(config.index_path(args.index))]
    return _index_command(args, update, "update")


def _index_command(args: argparse.Namespace, action: Callable, name: str) -> int:
    roots = config.corpus_roots(args.corpus)
    progress = None if args.quiet or not sys.stderr.isatty() else _progress_bar(name)
    summary = action(config.index_path(args.index), roots, workers=args.workers, progress=progress, wait=args.wait)
    if progress:
        sys.stderr.write("\r\033[K")
    for skipped in summary.skipped:
        print(f"skipped {skipped.path}: {skipped.reason}", file=sys.stderr)
    for repaired in summary.repaired:
        print(f"repaired {repaired.path}: {repaired.reason}", file=sys.stderr)
    print(summary.line(name))
    from .discover import REPOSITORY_FILE

    problems = [s for s in summary.skipped if s.reason != REPOSITORY_FILE] + summary.repaired
    if args.strict and problems:
        print(f"minutes: {len(problems)} files were skipped or repaired and --strict is set", file=sys.stderr)
        return EXIT_FAILURE
    return EXIT_OK


def _progress_bar(name: str) -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        if total and (done == total or done % 5 == 0):
            width = 30
            filled = width * done // total
            sys.stderr.write(f"\r{name} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} files")
            sys.stderr.flush()

    return show


def cmd_search(args: argparse.Namespace) -> int:
    from . import query

    if args.limit < 0 or args.offset < 0:
        raise UsageError("--limit and --offset take a number of 0 or more")
    filters = query.Filters.from_pairs(args.filter, args.since, args.until)
    engine = _engine(args)
    for text in _queries(args.query, args.batch, "QUERY"):
        text = _readable(text, args.json)
        result = query.search(engine, text, limit=args.limit, offset=args.offset, filters=filters, sort=args.sort,
                              as_typed=args.as_typed)
        if args.json:
            _print_json(result.to_json())
        else:
            _print_search(result, args.offset)
            _print_name_suggestion(engine, result)
    return EXIT_OK


def _readable(text: str, quiet: bool) -> str:
    """The query with what cannot be read taken out, saying so (on stderr, so --json stays one object a line)."""
    from .query import repair_syntax

    repaired = repair_syntax(text)
    if repaired.problems and not repaired.text.strip() and text.strip():
        raise UsageError(f"the query {text!r} has {', '.join(repaired.problems)}, and nothing is left to search")
    if repaired.problems:
        print(f"minutes: the query has {', '.join(repaired.problems)}; searching {repaired.text!r}",
              file=sys.stderr)
    return repaired.text


def _print_name_suggestion(engine, result) -> None:
    """A misspelt project name that still matched (its stem did): say how the index spells it."""
    from .explore import name_suggestion

    if result.hits and not result.suggestion and not result.corrected:
        better = name_suggestion(engine, result.query)
        if better:
            print(f"did you mean {better!r}? (a project the index knows)")


def _print_search(result, offset: int) -> None:
    if result.corrected:
        print(f"showing results for {result.corrected!r}: a word of {result.query!r} is in no section "
              "(--as-typed searches it as typed)")
    if not result.hits:
        hint = f"; did you mean {result.suggestion!r}?" if result.suggestion else ""
        print(f"no sections match {result.corrected or result.query!r}{hint}")
        return
    last = offset + len(result.hits)
    print(f"{result.total} sections match {result.corrected or result.query!r} (showing {offset + 1}-{last})")
    if result.suggestion:
        print(f"did you mean {result.suggestion!r}?")
    for n, hit in enumerate(result.hits, offset + 1):
        print(f"{n:3}. {hit.path}:{hit.line}  {hit.date or 'undated'}  [{hit.series}]  {hit.heading or '(top of file)'}")
        print(f"     {hit.snippet}")
    for name in ("series", "project", "person"):
        top = list(result.facets.get(name, {}).items())[:6]
        if top:
            print(f"  {name}: " + ", ".join(f"{value} ({count})" for value, count in top))


def cmd_timeline(args: argparse.Namespace) -> int:
    from . import query

    filters = query.Filters.from_pairs(args.filter, args.since, args.until)
    engine = _engine(args)
    for topic in _queries(args.topic, args.batch, "TOPIC"):
        result = query.timeline(engine, topic, by=args.by, filters=filters, as_typed=args.as_typed)
        if args.json:
            _print_json(result.to_json())
            continue
        if result.corrected:
            print(f"showing mentions of {result.corrected!r}: a word of {topic!r} is in no section "
                  "(--as-typed follows it as typed)")
        print(f"{result.total} mentions of {result.corrected or topic!r}")
        if not result.total:
            _print_no_mentions(engine, topic)
        for line in bar_lines(with_empty_periods(result.buckets, args.by)):
            print(line)
        for event in result.events:
            print(f"{event.date or 'undated'}  {event.path}:{event.line}  {event.heading}")
    return EXIT_OK


BAR_WIDTH = 60


def bar_lines(buckets: Sequence[dict], width: int = BAR_WIDTH) -> list[str]:
    """One line a period, bars to scale: the longest is `width` wide, any count above zero at least one mark."""
    most = max((b["count"] for b in buckets), default=0)
    lines = []
    for bucket in buckets:
        count = bucket["count"]
        size = max(1, round(count * width / most)) if count else 0
        lines.append(f"  {bucket['period']:>18}  {'#' * size}{' ' if size else ''}{count}")
    return lines


def with_empty_periods(buckets: Sequence[dict], by: str) -> list[dict]:
    """Months or years without a mention included (count 0) between the first and the last, so time is to scale."""
    dated = [b for b in buckets if b["period"][:4].isdigit()]
    if by not in ("month", "year") or not dated:
        return list(buckets)
    counts = {b["period"]: b["count"] for b in dated}
    first, last = dated[0]["period"], dated[-1]["period"]
    periods: list[str] = []
    if by == "year":
        periods = [str(y) for y in range(int(first), int(last) + 1)]
    else:
        y, m = int(first[:4]), int(first[5:7])
        while f"{y}-{m:02d}" <= last:
            periods.append(f"{y}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    undated = [b for b in buckets if not b["period"][:4].isdigit()]
    return [{"period": p, "count": counts.get(p, 0)} for p in periods] + undated


def _print_no_mentions(engine, topic: str) -> None:
    from . import query

    spelling = query.respell(engine, topic)
    if spelling:
        print(f"did you mean {spelling.text!r}?")


def cmd_decisions(args: argparse.Namespace) -> int:
    from . import query

    filters = query.Filters.from_pairs(args.filter, args.since, args.until)
    items = query.decisions(_engine(args), args.query or "", actions=args.actions, filters=filters, owner=args.owner,
                            show_all=args.all)
    total = len(items)
    if args.limit is not None:
        items = items[: args.limit]
    if args.json:
        _print_json({"total": total, "items": [i.to_json() for i in items]})
        return EXIT_OK
    what = "action items" if args.actions else "decisions"
    print(f"{total} {what}" + (f" matching {args.query!r}" if args.query else "")
          + ("" if args.all else " (confident ones; --all shows every one found)"))
    if args.actions:
        _print_actions_by_owner(query.owners_of(items))
    else:
        for item in items:
            print(_item_line(item))
    return EXIT_OK


def _item_line(item) -> str:
    status = f" [{item.status}]" if item.status else ""
    earlier = f" [also in {len(item.earlier)} earlier meeting{'s' * (len(item.earlier) > 1)}]" if item.earlier else ""
    return f"{item.date or 'undated'}  {item.path}:{item.line}  {item.text}{status}{earlier}  ({item.confidence:.2f})"


def _print_actions_by_owner(groups: dict) -> None:
    """One block per owner (most items first, items nobody took last), open items first in each."""
    for who in sorted(groups, key=lambda w: (w == "", -len(groups[w]), w.lower())):
        print(f"\n{who or 'no owner named'} ({len(groups[who])})")
        for item in groups[who]:
            print("  " + _item_line(item))


def cmd_related(args: argparse.Namespace) -> int:
    from . import query

    path, sep, line = args.section.rpartition(":")
    if not sep or not line.isdigit():
        raise UsageError(f"give a section as PATH:LINE (as search prints it), not {args.section!r}")
    hits = query.related(_engine(args), path, int(line), limit=args.limit)
    if args.json:
        _print_json({"path": path, "line": int(line), "hits": [h.to_json() for h in hits]})
        return EXIT_OK
    for n, hit in enumerate(hits, 1):
        print(f"{n:3}. {hit.path}:{hit.line}  {hit.date or 'undated'}  [{hit.series}]  {hit.heading or '(top of file)'}")
    return EXIT_OK


def cmd_entities(args: argparse.Namespace) -> int:
    """Every file given is processed; one that cannot be read is reported and the rest still printed."""
    roots = [p.resolve() for p in config.corpus_roots([]) if p.is_dir()]
    failed = 0
    for given in args.files:
        try:
            report = _entities_of(given, roots, args.all_items)
        except UsageError as exc:
            print(f"minutes: {exc}", file=sys.stderr)
            failed += 1
            continue
        if args.json:
            _print_json(report)
        else:
            _print_entities(report)
    if failed and len(args.files) > 1:
        print(f"minutes: {failed} of {len(args.files)} files could not be read; the others were processed",
              file=sys.stderr)
    return EXIT_USAGE if failed else EXIT_OK


def _entities_of(given: str, roots: Sequence[Path], all_items: bool = False) -> dict:
    from .discover import read_source
    from .nlp import annotate, entities_report
    from .parse import UnreadableFile, parse_minutes

    path = Path(given)
    try:
        raw = read_source(path, _boundary(path, roots))
    except OSError as exc:
        raise UsageError(f"cannot read {given!r}: {exc.strerror or exc}") from None
    try:
        minutes = parse_minutes(raw, _corpus_relative(path, roots), str(path.parent))
    except UnreadableFile as exc:
        raise UsageError(f"{given!r} is not a minutes file: {exc}") from None
    minutes = next(iter(annotate([minutes])))
    report = entities_report(minutes, given, all_items=all_items)
    if minutes.warnings:
        report["warnings"] = list(minutes.warnings)
    return report


def _boundary(path: Path, roots: Sequence[Path]) -> Path:
    """The folder a link placeholder may point into: its corpus root, else the current folder."""
    full = path.resolve()
    for root in [*roots, Path.cwd().resolve()]:
        if full.is_relative_to(root):
            return root
    return full.parent


def _corpus_relative(path: Path, roots: Sequence[Path]) -> str:
    """The path the series and date rules read: relative to a corpus root where possible."""
    full = path.resolve()
    for root in roots:
        try:
            return full.relative_to(root).as_posix()
        except ValueError:
            continue
    if not path.is_absolute() and len(path.parts) > 1 and ".." not in path.parts:
        return path.as_posix()
    return f"{full.parent.name}/{full.name}" if full.parent.name else full.name


def _print_entities(report: dict) -> None:
    print(f"{report['path']}  {report.get('date') or 'undated'}  [{report.get('series')}]  {report.get('title')}")
    for entity in report["entities"]:
        of = f" (of {entity['project']})" if entity.get("project") else ""
        print(f"  {entity['type']:8} {entity['value']}{of}  line {entity['line']}")
    for meeting in report.get("meetings", []):
        present = ", ".join(meeting["attendees"]) or "attendance not recorded"
        print(f"  meeting   line {meeting['line']} {meeting['date'] or 'undated'}: {present}")
    for decision in report["decisions"]:
        print(f"  decision  line {decision['line']}: {decision['text']}")
    for action in report["actions"]:
        owners = ", ".join(action["owners"]) or "nobody named"
        print(f"  action    line {action['line']} ({owners}): {action['text']}")
    for warning in report.get("warnings", []):
        print(f"  left out or repaired: {warning}")


def cmd_check(args: argparse.Namespace) -> int:
    from .check import check

    report = check(config.index_path(args.index), config.corpus_roots(args.corpus) if args.corpus else None)
    if args.json:
        _print_json(report.to_json())
    else:
        print(report.line())
        for problem in report.problems[:50]:
            print(f"  {problem}")
    return EXIT_OK if report.ok else EXIT_FAILURE


def cmd_info(args: argparse.Namespace) -> int:
    from .status import index_status, status_lines

    status = index_status(config.index_path(args.index))
    if args.json:
        _print_json(status)
    else:
        print("\n".join(status_lines(status)))
    return EXIT_OK


def cmd_ui(args: argparse.Namespace) -> int:
    from .app_launcher import launch

    return launch(config.index_path(args.index), args.host, args.port, config.corpus_roots(args.corpus))


def cmd_hook(args: argparse.Namespace) -> int:
    from .hook import install_hook

    for written in install_hook(Path(args.repo), config.index_path(args.index).resolve(), force=args.force):
        print(f"installed {written}")
    return EXIT_OK


# -- helpers ----------------------------------------------------------------------
def _engine(args: argparse.Namespace):
    from .query import open_engine

    return open_engine(config.index_path(args.index))


def _queries(single: str | None, batch: str | None, name: str) -> Iterator[str]:
    if batch:
        if single is not None:
            raise UsageError(f"give either {name} or --batch FILE, not both")
        yield from _batch_lines(batch)
    elif single is None:
        raise UsageError(f"{name} is required (or --batch FILE)")
    else:
        yield single


def _batch_lines(source: str) -> Iterator[str]:
    stream: TextIO
    if source == "-":
        stream = sys.stdin
    else:
        try:
            stream = open(source, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot read batch file {source!r}: {exc.strerror or exc}") from None
    with stream:
        for line in stream:
            yield line.rstrip("\r\n")


def _print_json(data: dict) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    sys.stdout.flush()


# -- the parser ---------------------------------------------------------------------
def make_parser() -> Parser:
    common = Parser(add_help=False)
    common.add_argument("--index", metavar="DIR", default=argparse.SUPPRESS,
                        help="index folder (default: $MINUTES_INDEX, else .minutes-index)")
    parser = Parser(prog="minutes", description="A searchable knowledge index for meeting minutes.")
    parser.add_argument("--index", metavar="DIR", default=None, help="index folder (default: $MINUTES_INDEX, else .minutes-index)")
    parser.add_argument("--version", action="version", version=f"minutes {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    def command(name: str, func: Callable, help_text: str) -> Parser:
        p = sub.add_parser(name, parents=[common], help=help_text, description=help_text)
        p.set_defaults(func=func)
        return p

    for name, func, text in (("build", cmd_build, "build the index from scratch"),
                             ("update", cmd_update, "bring the index up to date: new, changed and deleted files only")):
        p = command(name, func, text)
        p.add_argument("corpus", nargs="*", metavar="CORPUS", help="minutes folders (default: $MINUTES_CORPUS, else the sample corpus)")
        p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
        p.add_argument("--strict", action="store_true", help="fail (exit 1) when any file was skipped or repaired")
        p.add_argument("--workers", type=_positive_int, default=None, metavar="N", help="worker processes for the NLP (default: one per core)")
        p.add_argument("--wait", type=float, default=0.0, metavar="SECONDS", help="wait this long for another build or update to finish")

    p = command("search", cmd_search, "search the minutes")
    p.add_argument("query", nargs="?", metavar="QUERY")
    p.add_argument("--limit", type=int, default=10, metavar="N")
    p.add_argument("--offset", type=int, default=0, metavar="N", help="skip the first N hits (paging)")
    p.add_argument("--sort", choices=("relevance", "date", "date-asc"), default="relevance")
    p.add_argument("--as-typed", action="store_true", help="search a word that no section holds as typed, not respelled")
    _add_filters(p)
    p.add_argument("--json", action="store_true")
    p.add_argument("--batch", metavar="FILE", help="one query per line ('-' for stdin), one JSON object per line")

    p = command("timeline", cmd_timeline, "every mention of a topic, oldest first, with counts per period")
    p.add_argument("topic", nargs="?", metavar="TOPIC")
    p.add_argument("--by", choices=("month", "year", "meeting"), default="month")
    p.add_argument("--as-typed", action="store_true", help="follow a word that no section holds as typed, not respelled")
    _add_filters(p)
    p.add_argument("--json", action="store_true")
    p.add_argument("--batch", metavar="FILE", help="one topic per line ('-' for stdin), one JSON object per line")

    p = command("decisions", cmd_decisions, "the decisions (or action items) found in the minutes, newest first")
    p.add_argument("query", nargs="?", metavar="QUERY")
    p.add_argument("--actions", action="store_true", help="action items instead of decisions")
    p.add_argument("--owner", metavar="PERSON", help="only action items of this person (handle, full or first name)")
    p.add_argument("--all", action="store_true", help="every item found, not only the confident ones")
    p.add_argument("--limit", type=int, default=None, metavar="N")
    _add_filters(p)
    p.add_argument("--json", action="store_true")

    p = command("related", cmd_related, "more like this: sections that share the most telling words of one section")
    p.add_argument("section", metavar="PATH:LINE")
    p.add_argument("--limit", type=_positive_int, default=5, metavar="N")
    p.add_argument("--json", action="store_true")

    p = command("entities", cmd_entities, "run the NLP pipeline on minutes files (no index needed)")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--all-items", action="store_true", help="every decision/action found, not only confident ones")
    p.add_argument("--json", action="store_true")

    p = command("check", cmd_check, "check that every section of the corpus is in the index, and nothing else")
    p.add_argument("corpus", nargs="*", metavar="CORPUS")
    p.add_argument("--json", action="store_true")

    p = command("info", cmd_info, "what the index holds: roots, files, sections, last update, skipped files")
    p.add_argument("--json", action="store_true")

    p = command("ui", cmd_ui, "start the Streamlit app on the index")
    p.add_argument("corpus", nargs="*", metavar="CORPUS", help="corpus to index first when there is no index")
    p.add_argument("--port", type=_positive_int, default=8501, metavar="N")
    p.add_argument("--host", default="127.0.0.1", metavar="ADDR")

    p = command("hook", cmd_hook, "git integration")
    p.add_argument("action", choices=("install",))
    p.add_argument("repo", metavar="REPO", help="a git checkout of minutes")
    p.add_argument("--force", action="store_true", help="replace an existing hook (it is kept as .bak)")
    return parser


def _add_filters(p: Parser) -> None:
    p.add_argument("--filter", action="append", default=[], metavar="FIELD=VALUE",
                   help="series, person, project, version, issue or year; repeat to narrow further")
    p.add_argument("--since", metavar="YYYY-MM-DD")
    p.add_argument("--until", metavar="YYYY-MM-DD")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number of 1 or more, not {value}")
    return value


def _version() -> str:
    from . import __version__

    return __version__


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; known errors become one line on stderr and an exit status."""
    try:
        args = make_parser().parse_args(argv)
        if not getattr(args, "command", None):
            make_parser().print_help()
            return EXIT_USAGE
        return args.func(args)
    except MinutesError as exc:
        print(f"minutes: {exc}", file=sys.stderr)
        return exc.exit_status
    except KeyboardInterrupt:
        print("minutes: interrupted; the index is unchanged or complete, never half-written", file=sys.stderr)
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # the last line of defence: no traceback reaches a user
        if os.environ.get("MINUTES_DEBUG"):
            raise
        print(f"minutes: unexpected error: {exc.__class__.__name__}: {exc} (set MINUTES_DEBUG=1 for details)", file=sys.stderr)
        return EXIT_FAILURE
