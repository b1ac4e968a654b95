"""dptclean synth: write synthetic voter lists with planted duplicates and ground truth."""

from __future__ import annotations

import click

from dptclean.cli.localised import DptcleanCommand
from dptclean.cli.options import lang_option, quiet_option
from dptclean.cli.output import progress_callback
from dptclean.synth import DATE_FORMATS, LAYOUTS, WORLDS, generate, world_from, write_synth


@click.command("synth", cls=DptcleanCommand)
@click.argument("out_dir", type=click.Path(file_okay=False, dir_okay=True), required=False)
@click.option("-n", "--records", type=click.IntRange(min=1), metavar="N",
              help="Number of DPT records to write (planted copies included). Required.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Random seed; the same seed writes the same files.")
@click.option("--layout", type=click.Choice(list(LAYOUTS)), default="kpu-xlsx",
              show_default=True, help="File layout to write.")
@click.option("--dpk", is_flag=True, help="Also write a DPK (special voter list) file.")
@click.option("--world", "world_spec", metavar="NAME|FILE",
              help="Error model: a named world (" + ", ".join(WORLDS) + ") or a .toml/.json "
                   "file of World fields (NIK slips and digit positions, name slips, moves, "
                   "placeholder dates, name diversity, namesakes, masking ...; see "
                   "--print-world). Default: the 'default' world.")
@click.option("--print-world", is_flag=True,
              help="Print the chosen world as TOML, every field with its meaning, and exit "
                   "(a starting point for a --world file).")
@click.option("--mask-nik", is_flag=True,
              help="Star the last 4 digits of NIK and NKK, as masked public copies do "
                   "(same as a world with mask_digits = 4).")
@click.option("--dup-rate", type=click.FloatRange(0, 0.5, max_open=True), default=0.012,
              show_default=True, metavar="R",
              help="Share of DPT records that are redundant copies of another record.")
@click.option("--dpk-rate", type=click.FloatRange(0, 1), default=0.006, show_default=True,
              metavar="R", help="DPK size as a share of the DPT (with --dpk).")
@click.option("--date-format", type=click.Choice(list(DATE_FORMATS)), default="dd-mm-yyyy",
              show_default=True, help="How birth dates are written.")
@click.option("--sheet-per", type=click.Choice(["desa", "kecamatan"]), default="desa",
              show_default=True, help="kpu-xlsx: one sheet per desa or per kecamatan.")
@quiet_option
@lang_option
def synth_cmd(out_dir: str | None, records: int | None, seed: int, layout: str, dpk: bool,
              world_spec: str | None, print_world: bool, mask_nik: bool, dup_rate: float,
              dpk_rate: float, date_format: str, sheet_per: str, quiet: bool, lang: str) -> None:
    """Write a synthetic DPT (and DPK) of Kabupaten Jepara to OUT_DIR, with truth files.

    The data are synthetic: generic names, random NIKs. Planted duplicates and traps are
    labelled in OUT_DIR/truth/*.truth.csv, one row per record in the order dptclean reads them.
    """
    world = world_from(world_spec)
    if print_world:
        click.echo(world.to_toml(), nl=False)
        return
    if out_dir is None:
        raise click.UsageError("missing argument OUT_DIR")
    if records is None:
        raise click.UsageError("missing option -n / --records")
    with progress_callback(quiet=quiet) as progress:
        data = generate(records, seed=seed, dup_rate=dup_rate,
                        dpk_rate=dpk_rate if dpk else 0.0, mask_nik=mask_nik,
                        date_format=date_format, progress=progress, world=world)
        written = write_synth(data, out_dir, layout, dpk=dpk, sheet_per=sheet_per, seed=seed,
                              progress=progress)
    if quiet:
        return
    from dptclean.report.i18n import fmt_int, fmt_pct, labels

    L = labels(lang)
    for entry in written:
        click.echo(f"{entry['path']}\t{entry['kind']}\t"
                   + L("synth_records", n=fmt_int(entry["records"], lang)))
    s = data.summary()
    click.echo(L("synth_planted", copies=fmt_int(s["redundant_records"], lang),
                 rate=fmt_pct(s["duplicate_rate"], lang),
                 groups=fmt_int(s["duplicate_groups"], lang), traps=fmt_int(s["traps"], lang))
               + (L("synth_dpk", n=fmt_int(s["dpk_in_dpt"], lang)) if dpk else "")
               + (L("synth_world", name=world.name) if world_spec else ""),
               err=True)
