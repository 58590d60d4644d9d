// `paperboy ingest PATH...`: files, directories or globs into the archive, with counts (and a progress bar on a TTY).
import { UserError } from '../errors.js';
import { openEngine } from '../engine.js';
import { parse } from './args.js';
import type { CliIo } from './main.js';

function bar(done: number, total: number, papers: number): string {
  const width = 30;
  const filled = total ? Math.round((done / total) * width) : width;
  return `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} files, ${papers} papers`;
}

export async function ingestCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {});
  if (positionals.length === 0) throw new UserError('bad_argument', 'ingest needs at least one file, directory or glob (paperboy ingest PATH...)');
  const engine = await openEngine(values, io, { quiet: true });
  try {
    const showBar = Boolean(io.stderr.isTTY) && !values.json;
    let last = 0;
    const report = await engine.ingest(positionals, (p) => {
      if (!showBar) return;
      const now = Date.now();
      if (now - last < 50 && p.filesDone < p.filesTotal) return;
      last = now;
      io.stderr.write(bar(p.filesDone, p.filesTotal, p.papers));
    });
    if (showBar) io.stderr.write('\n');
    const { added, updated, unchanged, skipped, warnings } = report;
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ added, updated, unchanged, skipped, warnings, notices: report.notices })}\n`);
    } else {
      io.stdout.write(`${report.files} files: ${added} added, ${updated} updated, ${unchanged} unchanged, ${skipped} skipped, ${warnings.length} warnings\n`);
      for (const n of report.notices) io.stdout.write(`${n.file}: ${n.message}\n`);
      for (const w of warnings.slice(0, 20)) io.stdout.write(`warning: ${w.file}:${w.line}: ${w.message}\n`);
      if (warnings.length > 20) io.stdout.write(`... and ${warnings.length - 20} more warnings (see --json)\n`);
    }
    return 0;
  } finally {
    await engine.close();
  }
}
