using Spectre.Console;
using ZslAttnGan.Training;
using ZslAttnGan.Runs;

namespace ZslAttnGan.Cli.Terminal;

/// <summary>
/// Shows workflow messages and one progress bar per training phase with Spectre.Console. The trainer runs on the
/// caller's thread; Spectre's progress display needs a callback that lasts as long as the bar, so each phase's
/// display runs on a helper task that waits until the phase is disposed.
/// </summary>
internal sealed class SpectreReporter(IAnsiConsole console) : IRunReporter
{
    public void Info(string message) => console.MarkupLine($"[grey]›[/] {Markup.Escape(message)}");

    public IPhaseProgress StartPhase(string title, RunLimit limit) => new Phase(console, title, limit);

    private sealed class Phase : IPhaseProgress
    {
        // The bar runs to this many units: the phase's fraction done (of steps or of time, whichever is further).
        private const double Units = 1000;
        private static readonly string[] ShownLosses = ["encoder_total", "w_loss0", "s_loss0", "zsl_d", "errG", "errD0", "errD1", "g_w_loss"];
        private readonly string _title;
        private readonly RunLimit _limit;
        private readonly DateTime _started = DateTime.UtcNow;
        private readonly ManualResetEventSlim _done = new();
        private readonly Task _display;
        private readonly ProgressTask _task;

        public Phase(IAnsiConsole console, string title, RunLimit limit)
        {
            _title = title;
            _limit = limit;
            var ready = new TaskCompletionSource<ProgressTask>(TaskCreationOptions.RunContinuationsAsynchronously);
            _display = Task.Run(() => console.Progress()
                .AutoClear(false)
                .HideCompleted(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                         new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    ready.SetResult(ctx.AddTask(Describe(null), maxValue: Units));
                    _done.Wait();
                }));
            _task = ready.Task.GetAwaiter().GetResult();
        }

        public void Report(TrainingProgress value)
        {
            double fraction = 0;
            if (_limit.Steps is { } steps) fraction = Math.Max(fraction, (double)value.Step / steps);
            if (_limit.Budget is { } budget) fraction = Math.Max(fraction, (DateTime.UtcNow - _started) / budget);
            _task.Value = Math.Min(Units, fraction * Units);
            _task.Description = Describe(value);
        }

        private string Describe(TrainingProgress? p)
        {
            var head = $"[bold]{Markup.Escape(_title),-8}[/]";
            if (p is null) return head + " starting…";
            // The totals the user watches: the phase's overall loss, or the first few terms.
            var losses = ShownLosses.Where(p.Losses.ContainsKey).Take(4).Select(k => $"{k} {p.Losses[k]:F3}");
            var of = _limit.Steps is { } total ? $"/{total}" : "";
            return $"{head} step {p.Step,5}{of} [grey]{Markup.Escape(string.Join("  ", losses))}[/]";
        }

        public void Dispose()
        {
            _task.StopTask();
            _done.Set();
            _display.GetAwaiter().GetResult();
            _done.Dispose();
        }
    }
}
