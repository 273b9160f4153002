"""The `scenarios` command line: parse flags, call the library, format its results.

No analysis happens here. User mistakes (`ModelError`) become one line on stderr and exit
code 2; `--debug` anywhere on the command line shows the traceback instead.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import numpy as np
import typer

from .analysis.ranking import compare_profiles, rank
from .errors import ModelError, UsageError
from .files import write_atomic
from .model.decision import Model
from .model.load import check_model, default_model_path, load_model, read_weights_file
from .montecarlo.backends import WorkerLost
from .present import tables as present
from .present.progress import progress_bar

try:  # typer ≥ 0.2x vendors click; older versions depend on it
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover
    from click import exceptions as click_errors
ABORT = (typer.Abort, getattr(click_errors, "Abort", typer.Abort))
EXIT = (typer.Exit, getattr(click_errors, "Exit", typer.Exit))

app = typer.Typer(
    help="Rank policy options against weighted criteria and say how far the ranking can be trusted. "
    "User mistakes exit with code 2 and one line; add --debug anywhere for a traceback.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

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
MethodOpt = Annotated[str | None, typer.Option("--method", help="Aggregation method (default: the model's).")]
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
        "--workers", help="Worker processes (default: all cores; capped at the cores and the work)."
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
    for flag in flags or []:
        cid, sep, val = flag.partition("=")
        try:
            w = float(val)
        except ValueError:
            w = None
        if not sep or not cid.strip() or w is None:
            raise UsageError.at("--weight", flag, "expected ID=VALUE with a number, e.g. isis_resurgence=0.3")
        out[cid.strip()] = w
    return out


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
        typer.echo(text)
    else:
        write_atomic(output, text if text.endswith("\n") else text + "\n")
        typer.echo(f"wrote {output}", err=True)


@app.command("rank")
def rank_cmd(
    model: ModelOpt = None,
    weights: WeightsOpt = None,
    weight: WeightOpt = None,
    profile: ProfileOpt = None,
    method: MethodOpt = None,
    profiles: Annotated[
        bool, typer.Option("--profiles", help="Rank under every profile side by side.")
    ] = False,
    format: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Rank the options by weighted multi-criteria analysis at the point scores."""
    fmt = check_format(format)
    m = weighted_model(model, weights, weight, profile)
    if profiles:
        result = compare_profiles(m, method)
        emit(
            present.render(result.to_frame(), result.to_dict(), fmt, "Rank under each weight set"),
            output,
        )
        return
    r = rank(m, method=method)
    title = f"{r.title} — {r.method} ranking" + (f" (profile {profile})" if profile else "")
    sections = present.ranking_sections(r)
    emit(present.render(r.to_frame(), r.to_dict() | {"profile": profile}, fmt, title, 3, sections), output)


@app.command("explain")
def explain_cmd(
    option: Annotated[str | None, typer.Option("--option", help="One option id (default: all).")] = None,
    model: ModelOpt = None,
    weights: WeightsOpt = None,
    weight: WeightOpt = None,
    profile: ProfileOpt = None,
    method: MethodOpt = None,
    format: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Per criterion: raw score, value, weight, contribution and rationale."""
    fmt = check_format(format)
    m = weighted_model(model, weights, weight, profile)
    if option is not None:
        m.option_index(option)
    frame = rank(m, method=method).explain(option)
    data = {"options": frame.to_dict(orient="records")}
    emit(
        present.render(
            frame.set_index(["option", "criterion"]), data, fmt, "Why each option scores as it does"
        ),
        output,
    )


@app.command("sensitivity")
def sensitivity_cmd(
    model: ModelOpt = None,
    weights: WeightsOpt = None,
    weight: WeightOpt = None,
    profile: ProfileOpt = None,
    method: MethodOpt = None,
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
    format: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """SMAA-2: rank acceptability, central weights, confidence and pairwise odds, each with its SE.

    Ctrl-C writes what was computed, marked partial (JSON "partial": true; a PARTIAL column
    and title in CSV and tables), and exits 130. A worker process that dies mid-run gives one
    line and exit 1."""
    from .montecarlo.engine import sensitivity as run_sensitivity

    fmt = check_format(format)
    m = weighted_model(model, weights, weight, profile)
    with progress_bar("Monte Carlo") as tick:
        result = run_sensitivity(
            m,
            samples=samples,
            seed=seed,
            weight_model=weight_model,
            fixed_scores=fixed_scores,
            workers=workers,
            precision=precision,
            method=method,
            progress=tick,
            backend=backend,
            sampler=sampler,
            scheduler=scheduler,
        )
    note = (
        f" — PARTIAL (interrupted after {result.samples:,} of {result.requested:,})" if result.partial else ""
    )
    title = (
        f"{result.title} — SMAA-2, {result.samples:,} draws ({result.sampler}), seed {result.seed}, "
        f"{result.weight_model} weights{', fixed scores' if result.fixed_scores else ''}{note}"
    )
    sections = present.smaa_sections(result)
    frame = result.to_frame()
    if result.partial:
        frame.insert(0, "PARTIAL", True)
    emit(present.render(frame, result.to_dict(), fmt, title, 4, sections), output)
    if result.partial:
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
    format: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Weight stability intervals: how far each weight can move before the leader or the ranking changes."""
    from .analysis.stability import stability  # imported here: commands load only what they use

    fmt = check_format(format)
    m = weighted_model(model, weights, weight, profile)
    result = stability(m, method=method, criterion=criterion)
    title = (
        f"{result.title} — weight stability intervals ({result.method}, {result.computed}); "
        f"leader {result.leader}; {result.ties}"
    )
    emit(present.render(result.to_frame(), result.to_dict(), fmt, title, 4), output)


@app.command("tornado")
def tornado_cmd(
    model: ModelOpt = None,
    weights: WeightsOpt = None,
    weight: WeightOpt = None,
    profile: ProfileOpt = None,
    method: MethodOpt = None,
    format: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Tornado: swing each uncertain weight and score to the ends of its range, one at a time."""
    from .analysis.tornado import tornado

    fmt = check_format(format)
    m = weighted_model(model, weights, weight, profile)
    result = tornado(m, method=method)
    title = (
        f"{result.title} — tornado: margin of {result.leader} over the best other option "
        f"({result.base_margin:.4f} at the point estimate; runner-up {result.runner_up})"
    )
    sections = {"": result.inputs}
    emit(present.render(result.to_frame(), result.to_dict(), fmt, title, 4, sections), output)


@app.command("sobol")
def sobol_cmd(
    model: ModelOpt = None,
    weights: WeightsOpt = None,
    weight: WeightOpt = None,
    profile: ProfileOpt = None,
    method: MethodOpt = None,
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
    m = weighted_model(model, weights, weight, profile)
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
    m = weighted_model(model, weights, weight, profile)
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
        )
    if format == "html":
        write_atomic(target, result.to_html())
    else:
        result.write_markdown(target)
    typer.echo(f"wrote {target}", err=True)


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
    typer.echo(
        f"{where}: ok — {len(m.options)} options, {len(m.criteria)} criteria, {len(m.profiles)} profiles"
    )


def main(argv: list[str] | None = None) -> int:
    """Console entry point: one line and exit 2 for user mistakes; traceback only with --debug."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    args = [a for a in args if a != "--debug"]
    command = typer.main.get_command(app)
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
    except WorkerLost as e:  # not a user mistake: exit 1, one line
        if debug:
            raise
        typer.echo(f"error: {e}", err=True)
        return _exit(1, argv)
    except EXIT as e:
        return _exit(e.exit_code, argv)
    return _exit(rc if isinstance(rc, int) else 0, argv)


def _exit(code: int, argv: list[str] | None) -> int:
    if argv is None:
        sys.exit(code)
    return code
