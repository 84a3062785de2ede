"""``dauys text scrub``: replace IINs, phone numbers and e-mails in a project's stored texts."""

from __future__ import annotations

from dauys.cli.common import (
    CorpusFilter,
    PlatformFilter,
    ProjectOption,
    RichProgress,
    SinceFilter,
    UntilFilter,
    console,
    document_filter,
    project_at,
)
from dauys.cli.text_commands import text_app
from dauys.errors import InputError


@text_app.command("scrub")
def scrub(
    corpus: CorpusFilter = None,
    platform: PlatformFilter = None,
    since: SinceFilter = None,
    until: UntilFilter = None,
    project_path: ProjectOption = None,
) -> None:
    """Replace Kazakhstan IINs, phone numbers and e-mail addresses in stored texts and titles.

    They become [IIN], [PHONE] and [EMAIL]; a 12-digit number that fails the IIN checksum stays. The original
    texts are not kept. Run `dauys text process` afterwards: it tokenises the changed documents again.
    """
    from dauys.text.scrub import scrub_documents

    project = project_at(project_path)
    where = document_filter(project, corpus=corpus, platform=platform, since=since, until=until)
    with RichProgress() as progress:
        result = scrub_documents(project, where, progress=progress)
    if result.checked == 0:
        chosen = where.describe()
        described = ", ".join(f"{k} {v}" for k, v in chosen.items()) if chosen else "none"
        raise InputError(f"the selection has no documents (filter: {described}); check --corpus, --platform and "
                         "--since/--until (`dauys status` lists the corpora), or import documents first")
    counts = result.counts
    console.print(
        f"Checked {result.checked:,} documents: {result.changed:,} changed ({counts['iin']:,} IINs, "
        f"{counts['phone']:,} phone numbers, {counts['email']:,} e-mails replaced).",
        highlight=False,
    )
    if result.run_id is None:
        console.print("Nothing to replace; the project was not changed.", highlight=False)
    else:
        console.print(f"Ledger run {result.run_id}. Run `dauys text process` to tokenise the changed texts again.",
                      highlight=False)
