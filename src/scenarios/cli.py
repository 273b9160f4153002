"""The `scenarios` command line: parse flags, call the library, format its results.

No analysis happens here. User mistakes (`ModelError`) become one line on stderr and exit
code 2; `--debug` anywhere on the command line shows the traceback instead.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, cast

import numpy as np
import typer

from .analysis.ranking import compare_profiles, rank
from .errors import ModelError, UsageError
from .files import write_atomic
from .model.decision import Model
from .model.load import check_model, default_model_path, load_model, read_weights_file
from .present import tables as present
from .present.progress import progress_bar

try:  # typer ≥ 0.2x vendors click; older versions depend on it
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover
    from click import exceptions as click_errors  # type: ignore[no-redef]  # the same module, older path
ABORT = (typer.Abort, getattr(click_errors, "Abort", typer.Abort))
EXIT = (typer.Exit, getattr(click_errors, "Exit", typer.Exit))

app = typer.Typer(
    help="Rank policy options against weighted criteria and say how far the ranking can be trusted. "
    "User mistakes exit with code 2 and one line; add --debug anywhere for a traceback.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from importlib import metadata

        try:
            version = metadata.version("scenarios")
        except metadata.PackageNotFoundError:  # a source tree on sys.path without an install
            version = "0+unknown"
        typer.echo(f"scenarios {version}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", help="Print the version and exit.", callback=_version, is_eager=True),
    ] = False,
) -> None:
    """Rank policy options against weighted criteria and say how far the ranking can be trusted.
    User mistakes exit with code 2 and one line; add --debug anywhere for a traceback."""


ModelOpt = Annotated[
    Path | None,
    typer.Option("--model", help="Model folder (default: ./models or the packaged model)."),
]
WeightsOpt = Annotated[Path | None, typer.Option("--weights", help="TOML file of criterion = weight.")]
WeightOpt = Annotated[
    list[str] | None, typer.Option("--weight", help="ID=VALUE raw weight override; repeatable.")
]
ProfileOpt = Annotated[
    str | None, typer.Option("--profile", help="Use a named stakeholder profile's weights.")
]
MethodOpt = Annotated[
    str | None,
    typer.Option(
        "--method", help="Aggregation method (default: the model's); `scenarios methods` lists them."
    ),
]
RedLineOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--red-line", help="ID=VALUE: no option may score worse than VALUE on ID (ID=none lifts it)."
    ),
]
FutureOpt = Annotated[
    list[str] | None,
    typer.Option("--future", help="UNCERTAINTY=OUTCOME: judge the options in the futures where it holds."),
]
FormatOpt = Annotated[str, typer.Option("--format", help="table | json | csv | markdown")]
OutputOpt = Annotated[Path | None, typer.Option("--output", help="Write to this file (whole or not at all).")]
# the Monte Carlo run's settings, shared by `sensitivity` and `report`
SamplesOpt = Annotated[
    int | None, typer.Option("--samples", help="Monte Carlo draws (default: the model's).")
]
SeedOpt = Annotated[int | None, typer.Option("--seed", help="Random seed (default: the model's).")]
WeightModelOpt = Annotated[
    str | None, typer.Option("--weight-model", help="dirichlet | intervals | ordinal | uniform")
]
FixedScoresOpt = Annotated[
    bool, typer.Option("--fixed-scores", help="Hold scores at their point values in the Monte Carlo.")
]
WorkersOpt = Annotated[
    int | None,
    typer.Option(
        "--workers",
        help="Worker processes (default: all cores, fewer for runs too short to repay them).",
    ),
]
SamplerOpt = Annotated[
    str,
    typer.Option(
        "--sampler",
        help="mc (pseudo-random) | qmc (scrambled Sobol' points; SEs from 8 independent scramblings).",
    ),
]
SchedulerOpt = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        help="Run the Monte Carlo on this dask.distributed scheduler (tcp://HOST:PORT; default: "
        "$SCENARIOS_DASK_SCHEDULER). Same numbers as a local run.",
    ),
]
PARTIAL_EXIT = 130  # Ctrl-C: what was computed is written, marked partial, and the exit code says so


def parse_weight_flags(flags: list[str] | None) -> dict[str, float]:
    """`["isis_resurgence=0.3", …]` → {id: raw weight}; malformed flags raise UsageError."""
    out: dict[str, float] = {}
    for cid, val in parse_pairs(flags, "--weight", "isis_resurgence=0.3").items():
        try:
            out[cid] = float(val)
        except ValueError:
            raise UsageError.at(
                "--weight", f"{cid}={val}", "expected a number, e.g. isis_resurgence=0.3"
            ) from None
    return out


def parse_pairs(flags: list[str] | None, flag: str, example: str) -> dict[str, str]:
    """`["a=b", …]` → {"a": "b"}; a flag without `=` or with an empty side raises UsageError."""
    out: dict[str, str] = {}
    for item in flags or []:
        key, sep, val = item.partition("=")
        if not sep or not key.strip() or not val.strip():
            raise UsageError.at(flag, item, f"expected ID=VALUE, e.g. {example}")
        out[key.strip()] = val.strip()
    return out


def parse_red_lines(flags: list[str] | None) -> dict[str, float | None]:
    """`["isis_resurgence=7", "us_cost=none"]` → {id: line, or None to lift it}."""
    out: dict[str, float | None] = {}
    for cid, val in parse_pairs(flags, "--red-line", "isis_resurgence=7").items():
        if val.lower() == "none":
            out[cid] = None
            continue
        try:
            out[cid] = float(val)
        except ValueError:
            raise UsageError.at(
                "--red-line", f"{cid}={val}", "expected a number on the criterion's scale, or none"
            ) from None
    return out


def configured_model(
    model_dir: Path | None,
    weights_file: Path | None = None,
    weight: list[str] | None = None,
    profile: str | None = None,
    red_line: list[str] | None = None,
    future: list[str] | None = None,
) -> Model:
    """`weighted_model`, then any --red-line changes, then the --future outcomes applied."""
    m = weighted_model(model_dir, weights_file, weight, profile)
    lines = parse_red_lines(red_line)
    if lines:
        m = m.with_red_lines(lines)
    return m.in_future(parse_pairs(future, "--future", "government=tehran_leaning"))


def future_note(model: Model) -> str:
    """ ", in the future where government = tehran_leaning" for a conditioned model, else ""."""
    if not model.future:
        return ""
    return ", in the futures where " + " and ".join(f"{u} = {o}" for u, o in model.future.items())


def weighted_model(
    model_dir: Path | None, weights_file: Path | None, weight: list[str] | None, profile: str | None
) -> Model:
    """Load the model and set its point weights from --profile or --weights, then --weight.

    `--weight ID=VALUE` is in the units of the base weights it overrides: the profile's or the
    weights file's numbers as written, else the model's normalized weights; all are then
    renormalized to sum 1.
    """
    if profile and weights_file:
        raise UsageError.at("--profile", profile, "give either --profile or --weights, not both")
    model = load_model(model_dir)
    raw, where = model.weights, "--weight"
    if profile:
        raw, where = np.array(model.profile(profile).weights), "--profile"
    if weights_file:
        raw, where = read_weights_file(weights_file, model), str(weights_file)
    flags = parse_weight_flags(weight)
    raw = raw.copy()
    for cid, w in flags.items():
        raw[model.criterion_index(cid, "--weight")] = w
    return model.with_weights(raw, where="--weight" if flags else where)


def check_format(fmt: str) -> str:
    if fmt not in present.FORMATS:
        raise UsageError.at("--format", fmt, f"unknown format (expected one of {', '.join(present.FORMATS)})")
    return fmt


def emit(text: str, output: Path | None) -> None:
    if output is None:
        try:
            typer.echo(text)
        except BrokenPipeError:  # `scenarios rank | head`: the reader has all it wanted
            raise
        except OSError as e:  # stdout redirected to a full disk (or /dev/full)
            _drop_stdout()
            raise UsageError.at("stdout", "", f"cannot write the output ({e.strerror or e})") from None
    else:
        write_atomic(output, text if text.endswith("\n") else text + "\n")
        typer.echo(f"wrote {output}", err=True)


def _drop_stdout() -> None:
    """Point file descriptor 1 at /dev/null once stdout has failed, so what is still buffered
    for it is dropped at exit instead of failing a second time ("Exception ignored …", exit
    120) when stdout is block-buffered; a stdout with no descriptor (captured) is left alone."""
    try:
        fd = sys.stdout.fileno()
    except (OSError, ValueError):
        return
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, fd)
    os.close(null)


@app.command("rank")
def rank_cmd(
    model: ModelOpt = None,
    weights: WeightsOpt = None,
    weight: WeightOpt = None,
    profile: ProfileOpt = None,
    method: MethodOpt = None,
    red_line: RedLineOpt = None,
    future: FutureOpt = None,
    profiles: Annotated[
        bool, typer.Option("--profiles", help="Rank under every profile side by side.")
    ] = False,
    format: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Rank the options by weighted multi-criteria analysis at the point scores."""
    fmt = check_format(format)
    m = configured_model(model, weights, weight, profile, red_line, future)
    if profiles:
        result = compare_profiles(m, method)
        table = present.profiles_table(result)  # result.to_frame() without pandas
        emit(present.render(table, result.to_dict(), fmt, "Rank under each weight set"), output)
        return
    r = rank(m, method=method)
    title = f"{r.title} — {r.method} ranking" + (f" (profile {profile})" if profile else "")
    title += future_note(m)
    sections = present.ranking_sections(r)
    table = present.ranking_table(r)  # r.to_frame() without pandas
    emit(present.render(table, r.to_dict() | {"profile": profile}, fmt, title, 3, sections), output)


@app.command("explain")
def explain_cmd(
    option: Annotated[str | None, typer.Option("--option", help="One option id (default: all).")] = None,
    model: ModelOpt = None,
    weights: WeightsOpt = None,
    weight: WeightOpt = None,
    profile: ProfileOpt = None,
    method: MethodOpt = None,
    red_line: RedLineOpt = None,
    future: FutureOpt = None,
    format: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Per criterion: raw score, value, weight, contribution and rationale."""
    fmt = check_format(format)
    m = configured_model(model, weights, weight, profile, red_line, future)
    if option is not None:
        m.option_index(option)
    r = rank(m, method=method)
    risk = None
    if np.isfinite(m.red_lines).any():
        from .analysis.red_lines import red_line_risk

        risk = red_line_risk(m)
    frame = r.explain(option)
    if risk is not None:
        frame["p_crosses_red_line"] = [
            None if np.isnan(p := risk.crossing.at[o, c]) else float(p)
            for o, c in zip(frame["option"], frame["criterion"], strict=True)
        ]
    data = {
        "method": r.method,
        "contributions_are": r.contributions_are,
        "options": frame.to_dict(orient="records"),
    }
    title = f"Why each option scores as it does ({r.method}{future_note(m)})"
    sections = present.explain_sections(r, option, risk)
    emit(present.render(frame.set_index(["option", "criterion"]), data, fmt, title, 3, sections), output)


@app.command("sensitivity")
def sensitivity_cmd(
    model: ModelOpt = None,
    weights: WeightsOpt = None,
    weight: WeightOpt = None,
    profile: ProfileOpt = None,
    method: MethodOpt = None,
    red_line: RedLineOpt = None,
    future: FutureOpt = None,
    samples: SamplesOpt = None,
    seed: SeedOpt = None,
    weight_model: WeightModelOpt = None,
    fixed_scores: FixedScoresOpt = False,
    workers: WorkersOpt = None,
    backend: Annotated[
        str, typer.Option("--backend", help="processes | dask (uses a running dask.distributed Client).")
    ] = "processes",
    precision: Annotated[
        float | None,
        typer.Option(
            "--precision",
            help="Stop once every acceptability's SE is below this (checked every 4,096 draws on "
            "small models; every round of 8 units with --sampler qmc).",
        ),
    ] = None,
    sampler: SamplerOpt = "mc",
    scheduler: SchedulerOpt = None,
    over_futures: Annotated[
        bool,
        typer.Option(
            "--over-futures", help="Draw a future of futures.toml (by its probability) in every draw."
        ),
    ] = False,
    profiles: Annotated[
        str | None,
        typer.Option("--profiles", help="A,B,C: a stakeholder group; one run per profile and their mixture."),
    ] = None,
    shares: Annotated[
        str | None, typer.Option("--shares", help="X,Y,Z: each group member's share (default: equal).")
    ] = None,
    format: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """SMAA-2: rank acceptability, central weights, confidence and pairwise odds, each with its SE.

    --method A,B,C (or all) and --profiles A,B,C run each member with the same seed and report
    how often each option is first under each, and under their mixture.

    Ctrl-C writes what was computed, marked partial (JSON "partial": true; a PARTIAL column
    and title in CSV and tables), and exits 130. A worker process that dies mid-run gives one
    line and exit 1."""
    from .montecarlo.engine import sensitivity as run_sensitivity

    fmt = check_format(format)
    given = parse_pairs(future, "--future", "government=tehran_leaning")
    m = configured_model(model, weights, weight, profile, red_line, None if over_futures else future)
    run: dict[str, Any] = {
        "samples": samples,
        "seed": seed,
        "weight_model": weight_model,
        "fixed_scores": fixed_scores,
        "workers": workers,
        "precision": precision,
        "backend": backend,
        "sampler": sampler,
        "scheduler": scheduler,
        "over_futures": over_futures,
        "given": given if over_futures else None,
    }
    members = parse_list(profiles, "--profiles")
    methods = parse_list(method, "--method") if method and ("," in method or method == "all") else None
    if members or methods:
        side_by_side(m, members, methods, parse_shares(shares), run, fmt, output, profile, method)
        return
    if shares:
        raise UsageError.at("--shares", shares, "give --profiles or several --method names to share among")
    with progress_bar("Monte Carlo") as tick:
        result = run_sensitivity(m, method=method, progress=tick, **run)
    note = (
        f" — PARTIAL (interrupted after {result.samples:,} of {result.requested:,})" if result.partial else ""
    )
    title = (
        f"{result.title} — SMAA-2, {result.samples:,} draws ({result.sampler}), seed {result.seed}, "
        f"{result.weight_model} weights{', fixed scores' if result.fixed_scores else ''}{note}"
    )
    sections = present.smaa_sections(result)
    data = result.to_dict()
    if np.isfinite(m.red_lines).any():
        from .analysis.red_lines import red_line_risk

        risk = red_line_risk(m, fixed_scores, over_futures, given)
        sections["Red lines: the chance each option crosses each (exact, from the score distributions)"] = (
            risk.to_frame()
        )
        data["red_lines"] = risk.to_dict()
    frame = result.to_frame()
    if result.partial:
        frame.insert(0, "PARTIAL", True)
    emit(present.render(frame, data, fmt, title, 4, sections), output)
    if result.partial:
        raise typer.Exit(PARTIAL_EXIT)


def parse_list(text: str | None, flag: str) -> list[str]:
    """ "a,b,c" → ["a", "b", "c"]; "all" after --method → every method."""
    if text is None:
        return []
    if flag == "--method" and text.strip() == "all":
        from .methods import METHODS

        return list(METHODS)
    items = [x.strip() for x in text.split(",")]
    if not all(items):
        raise UsageError.at(flag, text, "expected names separated by commas, e.g. a,b,c")
    return items


def parse_shares(text: str | None) -> list[float] | None:
    if text is None:
        return None
    try:
        return [float(x) for x in parse_list(text, "--shares")]
    except ValueError:
        raise UsageError.at("--shares", text, "expected numbers separated by commas, e.g. 2,1,1") from None


def side_by_side(
    m: Any,
    members: Any,
    methods: Any,
    shares: Any,
    run: Any,
    fmt: Any,
    output: Any,
    profile: Any,
    method: Any,
) -> None:
    """`sensitivity --profiles …` or `--method a,b,c`: each member's run and their mixture."""
    from .analysis.side_by_side import by_method, by_profile

    if members and methods:
        raise UsageError.at("--profiles", ",".join(members), "give --profiles or several methods, not both")
    if members and profile:
        raise UsageError.at("--profiles", ",".join(members), "give --profile or --profiles, not both")
    with progress_bar("Monte Carlo"):
        if members:
            result = by_profile(m, members, shares, method=method, **run)
        else:
            result = by_method(m, methods, shares, **run)
    what = "stakeholder profiles" if members else "methods"
    first = next(iter(result.runs.values()))
    title = f"{m.title} — SMAA-2 across {what}, {first.samples:,} draws each, seed {first.seed}"
    partial = any(r.partial for r in result.runs.values())
    data = result.to_dict() | {"partial": partial, "runs": {k: r.to_dict() for k, r in result.runs.items()}}
    frame = result.first
    if partial:
        frame = frame.assign(PARTIAL=True)
    emit(
        present.render(
            frame,
            data,
            fmt,
            title + (" — PARTIAL" if partial else ""),
            4,
            present.side_by_side_sections(result),
        ),
        output,
    )
    if partial:
        raise typer.Exit(PARTIAL_EXIT)


@app.command("stability")
def stability_cmd(
    criterion: Annotated[
        str | None, typer.Option("--criterion", help="One criterion id (default: all).")
    ] = None,
    model: ModelOpt = None,
    weights: WeightsOpt = None,
    weight: WeightOpt = None,
    profile: ProfileOpt = None,
    method: MethodOpt = None,
    red_line: RedLineOpt = None,
    future: FutureOpt = None,
    format: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Weight stability intervals: how far each weight can move before the leader or the ranking changes."""
    from .analysis.stability import stability  # imported here: commands load only what they use

    fmt = check_format(format)
    m = configured_model(model, weights, weight, profile, red_line, future)
    result = stability(m, method=method, criterion=criterion)
    title = (
        f"{result.title} — weight stability intervals ({result.method}, {result.computed}); "
        f"leader {result.leader}; {result.ties}"
    )
    table = {"": result.to_frame().drop(columns=["label"], errors="ignore")}
    emit(present.render(result.to_frame(), result.to_dict(), fmt, title, 4, table), output)


@app.command("tornado")
def tornado_cmd(
    model: ModelOpt = None,
    weights: WeightsOpt = None,
    weight: WeightOpt = None,
    profile: ProfileOpt = None,
    method: MethodOpt = None,
    red_line: RedLineOpt = None,
    future: FutureOpt = None,
    format: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Tornado: swing each uncertain weight and score to the ends of its range, one at a time."""
    from .analysis.tornado import tornado

    fmt = check_format(format)
    m = configured_model(model, weights, weight, profile, red_line, future)
    result = tornado(m, method=method)
    title = (
        f"{result.title} — tornado: margin of {result.leader} over the best other option "
        f"({result.base_margin:.4f} at the point estimate; runner-up {result.runner_up})"
    )
    sections = {"": result.inputs.drop(columns=["kind", "criterion", "option"], errors="ignore")}
    emit(present.render(result.to_frame(), result.to_dict(), fmt, title, 4, sections), output)


@app.command("sobol")
def sobol_cmd(
    model: ModelOpt = None,
    weights: WeightsOpt = None,
    weight: WeightOpt = None,
    profile: ProfileOpt = None,
    method: MethodOpt = None,
    red_line: RedLineOpt = None,
    future: FutureOpt = None,
    samples: Annotated[
        int | None, typer.Option("--samples", help="Base sample size N, a power of 2 (default 1024).")
    ] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="Random seed (default: the model's).")] = None,
    format: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Sobol' indices: the share of each score's and the leader's margin's variance due to each input."""
    from .analysis.sobol import DEFAULT_SAMPLES, sobol

    fmt = check_format(format)
    m = configured_model(model, weights, weight, profile, red_line, future)
    n = DEFAULT_SAMPLES if samples is None else samples
    result = sobol(m, samples=n, seed=seed, method=method)
    title = (
        f"{result.title} — Sobol' indices, N={result.samples} ({result.evaluations:,} evaluations), "
        f"seed {result.seed}; weights: {result.weights_treatment}"
    )
    sections = {f"Output {out}": result.for_output(out) for out in result.outputs}
    emit(present.render(result.to_frame(), result.to_dict(), fmt, title, 4, sections), output)


@app.command("report")
def report_cmd(
    model: ModelOpt = None,
    weights: WeightsOpt = None,
    weight: WeightOpt = None,
    profile: ProfileOpt = None,
    method: MethodOpt = None,
    red_line: RedLineOpt = None,
    future: FutureOpt = None,
    samples: SamplesOpt = None,
    seed: SeedOpt = None,
    weight_model: WeightModelOpt = None,
    fixed_scores: FixedScoresOpt = False,
    sobol_samples: Annotated[
        int | None,
        typer.Option("--sobol-samples", help="Sobol' base sample size, a power of 2 (default 1024)."),
    ] = None,
    workers: WorkersOpt = None,
    scheduler: SchedulerOpt = None,
    format: Annotated[
        str, typer.Option("--format", help="html (one self-contained file) | markdown (a folder)")
    ] = "html",
    output: Annotated[
        Path | None,
        typer.Option("--output", help="HTML file (default report.html) or Markdown folder (default report)."),
    ] = None,
    open_: Annotated[
        bool, typer.Option("--open", help="Open the written report in the default web browser.")
    ] = False,
) -> None:
    """A readable sensitivity report: summary, ranking, SMAA-2, stability, tornado, Sobol', profiles
    and the audit trail, with charts — one self-contained HTML file or a Markdown folder."""
    import shlex

    from .analysis.sobol import DEFAULT_SAMPLES
    from .present import report as reports  # matplotlib loads only for this command

    if format not in reports.FORMATS:
        expected = ", ".join(reports.FORMATS)
        raise UsageError.at("--format", format, f"unknown format for a report (expected one of {expected})")
    target = output or Path("report.html" if format == "html" else "report")
    (reports.check_file if format == "html" else reports.check_folder)(target)  # fail before computing
    m = configured_model(model, weights, weight, profile, red_line)  # --future: build_report conditions
    given = parse_pairs(future, "--future", "government=tehran_leaning")
    name = None
    if weights or weight:
        name = "the weights given on the command line"
    elif profile:
        name = f"the weights of profile {m.profile(profile).label}"
    flags = [
        ("--model", model),
        ("--weights", weights),
        ("--profile", profile),
        *(("--weight", w) for w in weight or []),
        ("--method", method),
        *(("--red-line", x) for x in red_line or []),
        *(("--future", x) for x in future or []),
        ("--samples", samples),
        ("--seed", seed),
        ("--weight-model", weight_model),
        ("--sobol-samples", sobol_samples),
        ("--format", None if format == "html" else format),
        ("--output", output),
    ]  # recorded in the report so it can be re-run
    argv = ["scenarios", "report"] + [x for k, v in flags if v is not None for x in (k, str(v))]
    argv += ["--fixed-scores"] if fixed_scores else []
    with progress_bar("Report") as tick:
        result = reports.build_report(
            m,
            samples=samples,
            seed=seed,
            method=method,
            weight_model=weight_model,
            fixed_scores=fixed_scores,
            sobol_samples=DEFAULT_SAMPLES if sobol_samples is None else sobol_samples,
            workers=workers,
            scheduler=scheduler,
            progress=tick,
            weights_name=name,
            command=shlex.join(argv),
            future=given,
        )
    if format == "html":
        write_atomic(target, result.to_html())
    else:
        result.write_markdown(target)
    typer.echo(f"wrote {target}", err=True)
    if open_:
        open_in_browser(target / "report.md" if format == "markdown" else target)


def open_in_browser(path: Path) -> None:
    """Show a written file in the default browser; with none available, say so (not an error:
    the file is written)."""
    import webbrowser

    try:
        opened = webbrowser.open(path.resolve().as_uri())
    except webbrowser.Error:
        opened = False
    if not opened:
        typer.echo(f"no web browser found; open {path} yourself", err=True)


@app.command("futures")
def futures_cmd(
    model: ModelOpt = None,
    weights: WeightsOpt = None,
    weight: WeightOpt = None,
    profile: ProfileOpt = None,
    method: MethodOpt = None,
    red_line: RedLineOpt = None,
    future: FutureOpt = None,
    format: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """How each option fares across the futures of futures.toml: regret, robust choices, where it
    breaks, and what is worth finding out first (EVPI, EVPPI). --future conditions on outcomes."""
    from .analysis.futures import futures

    fmt = check_format(format)
    m = configured_model(model, weights, weight, profile, red_line)
    given = parse_pairs(future, "--future", "government=tehran_leaning")
    result = futures(m, method=method, given=given)
    n = len(result.futures)
    title = f"{m.title} — {result.method} scores across {n} future{'s' * (n != 1)}"
    title += "".join(f", {u} = {o}" for u, o in given.items())
    emit(
        present.render(result.to_frame(), result.to_dict(), fmt, title, 3, present.futures_sections(result)),
        output,
    )


@app.command("methods")
def methods_cmd(format: FormatOpt = "table", output: OutputOpt = None) -> None:
    """The aggregation methods, what each assumes, and its parameters."""
    import pandas as pd

    from .methods import METHODS

    fmt = check_format(format)
    frame = pd.DataFrame(
        {
            "scores": ["0–1 values" if m.uses_values else "raw scores" for m in METHODS.values()],
            "best": ["highest" if m.higher_is_better else "lowest" for m in METHODS.values()],
            "parameters": [
                ", ".join(f"{k}={v}" for k, v in m.defaults().items()) or "–" for m in METHODS.values()
            ],
            "assumes": [m.summary for m in METHODS.values()],
        },
        index=pd.Index(list(METHODS), name="method"),
    )
    data = {"methods": [{"name": k, **row} for k, row in frame.to_dict(orient="index").items()]}
    emit(
        present.render(frame, data, fmt, "Aggregation methods (--method NAME, or [defaults] method)"), output
    )


@app.command("validate")
def validate_cmd(model: ModelOpt = None) -> None:
    """Check a model folder and report every problem found (exit 0 if clean, 2 if not)."""
    problems = check_model(model)
    where = model or default_model_path()
    if problems:
        for p in problems:
            typer.echo(str(p), err=True)
        typer.echo(f"{where}: {len(problems)} problem(s)", err=True)
        raise typer.Exit(2)
    m = load_model(model)
    from .analysis.ranking import dominated

    for option, by in dominated(m):
        typer.echo(
            f"warning: {where}: option {option} is dominated by {by} (no better on any criterion)", err=True
        )
    counts = f"{len(m.options)} options, {len(m.criteria)} criteria, {len(m.profiles)} profiles"
    counts += f", {len(m.futures.all())} futures" if m.futures.uncertainties else ""
    typer.echo(f"{where}: ok — {counts}")


# ---- weights from judgments ------------------------------------------------------------------
weights_app = typer.Typer(
    help="Weights from judgments: a rank order, swing points or AHP pairwise comparisons. "
    "Prints normalized weights; --write-profile stores them in the model's weights.toml.",
    no_args_is_help=True,
)
app.add_typer(weights_app, name="weights")
WriteProfileOpt = Annotated[
    str | None,
    typer.Option("--write-profile", help="Store the weights as this profile in the model's weights.toml."),
]
LabelOpt = Annotated[str | None, typer.Option("--label", help="The profile's label (default: its name).")]
UncertaintyFlag = Annotated[
    bool,
    typer.Option(
        "--write-uncertainty",
        help="With --write-profile, also set the matching weight uncertainty "
        "(ordinal for a rank order, weight ranges for swing intervals).",
    ),
]


def _emit_weights(result: Any, fmt: str, output: Path | None, title: str) -> None:
    emit(present.render(result.to_frame(), result.to_dict(), fmt, title, 4), output)


def _store_profile(
    result: Any,
    name: str,
    label: str | None,
    model_dir: Path | None,
    uncertainty: dict[str, Any] | None = None,
    ranges: dict[str, Any] | None = None,
) -> None:
    """Record `result` as profile `name` in the model's weights.toml, keeping its comments."""
    from .model.profile_writer import write_profile

    model = load_model(model_dir)  # the file must describe a valid model before we touch it
    if model_dir is None and model.path is not None and not Path("models", "weights.toml").is_file():
        raise UsageError.at(
            "--write-profile",
            name,
            "give --model DIR: the packaged default model is not yours to edit "
            "(copy it first with `scenarios export --output DIR`)",
        )
    missing = [c for c in model.criterion_ids if c not in result.weights]
    unknown = [c for c in result.weights if c not in model.criterion_ids]
    if unknown or missing:
        what = f"unknown criteria {', '.join(unknown)}" if unknown else f"no weight for {', '.join(missing)}"
        raise UsageError.at("--write-profile", name, f"{what}; a profile weighs every criterion of the model")
    assert model.path is not None
    write_profile(
        model.path / "weights.toml",
        name,
        result.weights,
        label or name,
        result.method,
        result.inputs,
        weight_uncertainty=uncertainty,
        weight_ranges=ranges,
        consistency_ratio=result.extra.get("consistency_ratio"),
    )
    typer.echo(f"wrote profile {name} to {model.path / 'weights.toml'}", err=True)


@weights_app.command("rank-order")
def weights_rank_order_cmd(
    criteria: Annotated[list[str], typer.Argument(help="Criterion ids, most important first; ties as a=b.")],
    method: Annotated[str, typer.Option("--method", help="roc | rank-sum | rank-reciprocal")] = "roc",
    write_profile: WriteProfileOpt = None,
    label: LabelOpt = None,
    write_uncertainty: UncertaintyFlag = False,
    model: ModelOpt = None,
    format: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Weights from an order of importance (rank order centroid, rank sum or rank reciprocal)."""
    from .analysis.elicitation import elicit_rank_order

    fmt = check_format(format)
    result = elicit_rank_order(criteria, method, where="rank-order")
    if write_profile:
        unc = {"model": "ordinal"} if write_uncertainty else None
        _store_profile(result, write_profile, label, model, uncertainty=unc)
    _emit_weights(result, fmt, output, f"Weights from a rank order ({method})")


@weights_app.command("swing")
def weights_swing_cmd(
    points: Annotated[
        list[str],
        typer.Argument(
            help="ID=POINTS for each criterion's swing (100 = the most valued); "
            "ID=LOW:HIGH for an interval judgment."
        ),
    ],
    write_profile: WriteProfileOpt = None,
    label: LabelOpt = None,
    write_uncertainty: UncertaintyFlag = False,
    model: ModelOpt = None,
    format: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Weights from swing points: each criterion's worst-to-best swing valued against the others."""
    from .analysis.elicitation import elicit_swing

    fmt = check_format(format)
    result = elicit_swing(parse_swing_points(points), where="swing")
    if write_profile:
        ranges = result.extra.get("weight_ranges") if write_uncertainty else None
        if write_uncertainty and not ranges:
            raise UsageError.at(
                "--write-uncertainty", "", "give at least one swing as LOW:HIGH for weight ranges"
            )
        unc = {"model": "intervals"} if ranges else None
        _store_profile(result, write_profile, label, model, uncertainty=unc, ranges=ranges)
    _emit_weights(result, fmt, output, "Swing weights")


@weights_app.command("ahp")
def weights_ahp_cmd(
    file: Annotated[
        Path, typer.Argument(help="TOML file: criteria = [ids], matrix = [[…]] (Saaty's 1–9 scale).")
    ],
    force: Annotated[bool, typer.Option("--force", help="Accept a consistency ratio above 0.10.")] = False,
    write_profile: WriteProfileOpt = None,
    label: LabelOpt = None,
    model: ModelOpt = None,
    format: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Weights from AHP pairwise comparisons: principal eigenvector and Saaty's consistency ratio."""
    from .analysis.elicitation import CR_LIMIT, elicit_ahp
    from .model.load import read_toml_file

    fmt = check_format(format)
    where = str(file)
    doc = read_toml_file(file)
    unknown = sorted(set(doc) - {"criteria", "matrix", "label", "description"})
    if unknown:
        raise UsageError.at(where, unknown[0], "unknown key (expected criteria, matrix, label, description)")
    result = elicit_ahp(cast(Sequence[str], doc.get("criteria")), doc.get("matrix"), where=where)
    cr = result.extra["consistency_ratio"]
    if cr > CR_LIMIT and not force:
        w = result.extra["most_inconsistent"]
        raise UsageError.at(
            where,
            f"matrix[{result.inputs['criteria'].index(w['row'])}][{result.inputs['criteria'].index(w['column'])}]",
            f"consistency ratio {cr:.3f} is above {CR_LIMIT:.2f}; the most inconsistent judgment is "
            f"{w['row']} over {w['column']} = {w['given']:.3g} where the other judgments imply "
            f"{w['implied']:.3g} (revise it, or pass --force)",
        )
    if write_profile:
        _store_profile(result, write_profile, label or doc.get("label"), model)
    _emit_weights(result, fmt, output, f"AHP weights (consistency ratio {cr:.3f})")


def parse_swing_points(flags: list[str]) -> dict[str, float | list[float]]:
    """`["isis=100", "cost=20:40"]` → {"isis": 100.0, "cost": [20.0, 40.0]}; bad flags raise UsageError."""
    out: dict[str, float | list[float]] = {}
    for flag in flags:
        cid, sep, val = flag.partition("=")
        try:
            parts = [float(x) for x in val.split(":")]
        except ValueError:
            parts = []
        if not sep or not cid.strip() or len(parts) not in (1, 2):
            raise UsageError.at("swing", flag, "expected ID=POINTS or ID=LOW:HIGH, e.g. isis_resurgence=100")
        out[cid.strip()] = parts[0] if len(parts) == 1 else parts
    return out


# ---- spreadsheets and new models (export, import, init) -----------------------------------
SPREADSHEET_SUFFIXES = (".xls", ".xlsm", ".ods", ".csv", ".tsv", ".numbers")
ForceOpt = Annotated[
    bool, typer.Option("--force", help="Replace the model files in a non-empty --output folder.")
]


@app.command("export")
def export_cmd(
    output: Annotated[
        Path, typer.Option("--output", help="An .xlsx workbook, or a folder to copy the model folder into.")
    ],
    model: ModelOpt = None,
    force: ForceOpt = False,
) -> None:
    """Write the model as an .xlsx workbook (one sheet per part, for editing in a spreadsheet), or copy
    its folder (say, the packaged model, to edit it), comments and all."""
    from .model.folder import model_files, write_folder
    from .model.workbook import export_workbook

    suffix = output.suffix.lower()
    if suffix in SPREADSHEET_SUFFIXES:
        raise UsageError.at("--output", str(output), "expected an .xlsx file name or a folder")
    m = load_model(model)
    if suffix == ".xlsx":
        export_workbook(m, output)
    else:
        assert m.path is not None  # loaded from a folder
        write_folder(model_files(m.path), output, force)
    typer.echo(f"wrote {output} ({len(m.options)} options, {len(m.criteria)} criteria)", err=True)


@app.command("import")
def import_cmd(
    file: Annotated[
        Path,
        typer.Argument(help="An .xlsx workbook (a whole model) or a .csv file of scores (needs --model)."),
    ],
    output: Annotated[
        Path | None, typer.Option("--output", help="The model folder to write (new, empty, or with --force).")
    ] = None,
    model: Annotated[
        Path | None, typer.Option("--model", help="For a CSV of scores: the model whose scores it replaces.")
    ] = None,
    in_place: Annotated[
        bool,
        typer.Option("--in-place", help="For a CSV of scores: rewrite the --model folder's option files."),
    ] = False,
    force: ForceOpt = False,
    check: Annotated[
        bool, typer.Option("--check", help="List every problem in the file and write nothing.")
    ] = False,
) -> None:
    """Read a model from an .xlsx workbook (as `export` writes it) into a model folder, or replace
    a model's scores from a CSV file with the scores sheet's columns. Nothing is written unless
    the whole file is valid."""
    from .model.folder import write_folder
    from .model.workbook import import_scores_csv, import_workbook, render

    is_csv = file.suffix.lower() == ".csv"
    if in_place and (not is_csv or output is not None):
        raise UsageError.at("--in-place", "", "only for a CSV of scores with --model, and not with --output")
    if is_csv and model is None:
        raise UsageError.at(
            "--model", "", "a CSV file holds scores only: give --model DIR, the model they belong to"
        )
    if not is_csv and model is not None:
        raise UsageError.at(
            "--model", str(model), "a workbook holds a whole model; --model is for a CSV of scores"
        )
    if output is None and not (in_place or check):
        hint = " (or --in-place to change the --model folder)" if is_csv else ""
        raise UsageError.at("--output", "", f"missing: give --output DIR, the model folder to write{hint}")
    try:
        if is_csv:
            m = load_model(model)
            files = import_scores_csv(file, m)
        else:
            files = render(import_workbook(file))
    except ModelError as e:
        if not check:
            raise
        for p in e.problems:
            typer.echo(str(p), err=True)
        typer.echo(f"{file}: {len(e.problems)} problem(s)", err=True)
        raise typer.Exit(2) from None
    if check:
        typer.echo(f"{file}: ok")
        return
    if in_place:
        assert m.path is not None
        changed = [rel for rel, text in files.items() if (m.path / rel).read_text(encoding="utf-8") != text]
        for rel in changed:
            write_atomic(m.path / rel, files[rel])
        typer.echo(f"rewrote {len(changed)} option file(s) in {m.path}", err=True)
        return
    assert output is not None
    write_folder(files, output, force)
    typer.echo(f"wrote {output}", err=True)


@app.command("init")
def init_cmd(
    folder: Annotated[Path, typer.Argument(help="A new or empty folder for the example model.")],
) -> None:
    """Write a small, commented example model to start your own decision from."""
    from .model.folder import model_files, starter_folder, write_folder

    if folder.is_dir() and any(folder.iterdir()):
        raise UsageError.at(str(folder), "", "folder is not empty; give a new or empty folder")
    write_folder(model_files(starter_folder()), folder, where=str(folder))
    typer.echo(
        f"wrote an example model to {folder}: edit its TOML files, then\n"
        f"  scenarios validate --model {folder}\n  scenarios rank --model {folder}\n"
        f"  scenarios report --model {folder} --output report.html"
    )


def main(argv: list[str] | None = None) -> int:
    """Console entry point: one line and exit 2 for user mistakes; traceback only with --debug."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    args = [a for a in args if a != "--debug"]
    command = typer.main.get_command(app)
    _plain_metavars(command)
    _coerce_without_pydantic(command)
    try:
        rc = command.main(args=args, prog_name="scenarios", standalone_mode=False)
    except ModelError as e:
        if debug:
            raise
        typer.echo(f"error: {e.one_line()}", err=True)
        return _exit(2, argv)
    except click_errors.UsageError as e:
        if debug:
            raise
        cmd = e.ctx.command_path if e.ctx else "scenarios"
        if e.format_message():  # empty when typer has just shown the help (no arguments)
            typer.echo(f"error: {cmd}: {e.format_message()}", err=True)
        return _exit(2, argv)
    except ABORT:
        typer.echo("interrupted", err=True)
        return _exit(130, argv)
    except EXIT as e:
        return _exit(e.exit_code, argv)
    except Exception as e:
        # imported here, not at the top: only a Monte Carlo run loads (and can raise) it
        from .montecarlo.backends import WorkerLost

        if debug or not isinstance(e, WorkerLost):
            raise
        typer.echo(f"error: {e}", err=True)  # not a user mistake: exit 1, one line
        return _exit(1, argv)
    return _exit(rc if isinstance(rc, int) else 0, argv)


METAVARS = {"<str>": "TEXT", "<int>": "INTEGER", "<float>": "NUMBER", "<path>": "PATH"}


def _plain_metavars(command: Any) -> None:
    """Help shows TEXT, INTEGER, PATH… beside each option and argument, not typer's Python type
    names such as <list[str]> or <bool>; a flag, --help included, shows none. A docstring's line
    breaks inside a paragraph are joined, so the help rewraps to the terminal."""
    get_help_option = command.get_help_option

    def help_option(ctx: Any) -> Any:
        option = get_help_option(ctx)
        if option is not None:
            option.metavar = ""
        return option

    command.get_help_option = help_option
    if command.help:
        command.help = re.sub(r"(?<!\n)\n(?!\n)", " ", command.help.strip())
    for param in command.params:
        if param.metavar is not None or not hasattr(param, "display_type"):
            continue
        shown = param.display_type(None)
        if shown.startswith("<list["):
            plain = METAVARS.get(f"<{shown[6:-2]}>", "VALUE") + "..."
        else:
            plain = "" if getattr(param, "is_flag", False) else METAVARS.get(shown, shown.strip("<>").upper())
        if param.param_type_name == "argument":  # an argument's metavar would replace its name
            param.display_type_rich = lambda ctx, plain=plain: plain
        else:
            param.metavar = plain
    for sub in getattr(command, "commands", {}).values():
        _plain_metavars(sub)


class _Coercion:
    """One parameter's value coercion, standing in for typer's own (its `RuntimeParam`, which
    typer 0.29 builds on a pydantic TypeAdapter, even for an absent value: importing pydantic
    and building the adapters is about 70 ms, a fifth of `scenarios rank`).

    An absent value, text for a `str` or `list[str]` parameter and a path given as text come
    back exactly as typer returns them (a path through typer's own checks, which need no
    pydantic once the text is a Path); anything else goes to typer's own coercion, built on
    first use as typer builds it.
    """

    def __init__(self, descriptor: Any) -> None:
        self.descriptor = descriptor
        info, kind = descriptor.parameter_info, descriptor.annotation
        plain = getattr(info, "parser", True) is None and getattr(descriptor, "file_annotation", True) is None
        self.kind = kind if plain and kind in (str, list[str], Path) else None
        if kind is Path and getattr(info, "path_type", True) is not None:
            self.kind = None  # typer turns such paths into str or bytes
        self.typer_coercion: Any = None

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        multi = param.multiple or param.nargs == -1
        if value is None:
            return () if multi else None
        if type(value) is str and not multi:
            if self.kind is str:
                return value
            if self.kind is Path:
                try:
                    from typer._param_types import coerce_cli_path
                except ImportError:  # pragma: no cover - a typer laid out otherwise: use its own
                    pass
                else:
                    info = self.descriptor.parameter_info
                    return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
        elif multi and self.kind == list[str] and isinstance(value, list | tuple):
            if all(type(v) is str for v in value):
                return list(value)
        if self.typer_coercion is None:
            from typer._coercion import build_runtime_param

            self.typer_coercion = build_runtime_param(self.descriptor)
        return self.typer_coercion.coerce(value, param=param, ctx=ctx)


def _coerce_without_pydantic(command: Any) -> None:
    """Give every parameter a `_Coercion`, so a command given only text (`scenarios rank
    --format json`) never imports pydantic. A typer without the lazily built `_runtime_param`
    (older, or newer and different) is left alone."""
    get_help_option = command.get_help_option

    def help_option(ctx: Any) -> Any:  # made afresh for each run, not among command.params
        option = get_help_option(ctx)
        _install_coercion(option)
        return option

    command.get_help_option = help_option
    for param in command.params:
        _install_coercion(param)
    for sub in getattr(command, "commands", {}).values():
        _coerce_without_pydantic(sub)


def _install_coercion(param: Any) -> None:
    if getattr(param, "_runtime_param", False) is None and hasattr(param, "type_descriptor"):
        param._runtime_param = _Coercion(param.type_descriptor)


def _exit(code: int, argv: list[str] | None) -> int:
    """Return `code` when called with argv (tests, Python callers); else exit the process.

    After a lost worker (1) or Ctrl-C (130) a process pool has been torn down, and Python
    3.11's exit hook for pools wakes and joins its manager thread: that can print a traceback
    about a closed pipe, or wait on a queue a killed worker held. Those two exits skip the
    hooks (outputs are already written and closed; the streams are flushed here)."""
    if argv is not None:
        return code
    if code in (1, PARTIAL_EXIT):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)
