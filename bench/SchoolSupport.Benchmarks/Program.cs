using System.Diagnostics;
using SchoolSupport.Benchmarks.Import;
using SchoolSupport.Benchmarks.Outbox;
using SchoolSupport.Benchmarks.Reminders;
using SchoolSupport.Benchmarks.Surveys;
using SchoolSupport.Benchmarks.Turns;
using SchoolSupport.Benchmarks.Understanding;

// Each benchmark is a class of its own; the first argument picks it.
return args.FirstOrDefault() switch
{
    "outbox" => await OutboxBenchmark.RunAsync(args[1..]),
    "turns" => await TurnsBenchmark.RunAsync(args[1..]),
    "import" => await ImportBenchmark.RunAsync(args[1..]),
    "reminders" => await ReminderBenchmark.RunAsync(args[1..]),
    "surveys" => await SurveyBenchmark.RunAsync(args[1..]),
    "understanding" => await UnderstandingBenchmark.RunAsync(args[1..]),
    "all" => await AllAsync(args[1..]),
    _ => Usage(),
};

// CI runs `all --quick`: every benchmark in sequence with small sizes; numbers are printed, missed targets do not fail.
static async Task<int> AllAsync(string[] args)
{
    var quick = args.Contains("--quick");
    var clock = Stopwatch.StartNew();
    var results = new List<(string Name, int Code, TimeSpan Took)>();
    foreach (var (name, run) in new (string, Func<Task<int>>)[]
             {
                 ("import", () => ImportBenchmark.RunAsync(quick ? ["--quick"] : [])),
                 ("turns", () => TurnsBenchmark.RunAsync(quick ? ["--quick"] : [])),
                 ("reminders", () => ReminderBenchmark.RunAsync(quick ? ["--quick"] : [])),
                 ("outbox", () => OutboxBenchmark.RunAsync(quick ? ["--recipients", "800", "--rate", "40", "--latency-ms", "20"] : [])),
                 ("surveys", () => SurveyBenchmark.RunAsync(quick ? ["--quick"] : [])),
                 ("understanding", () => UnderstandingBenchmark.RunAsync(quick ? ["--quick"] : [])),
             })
    {
        Console.WriteLine($"===== {name} =====");
        var started = clock.Elapsed;
        var code = await run();
        results.Add((name, code, clock.Elapsed - started));
        Console.WriteLine();
    }

    Console.WriteLine("===== summary =====");
    foreach (var (name, code, took) in results)
    {
        Console.WriteLine($"{name,-8} exit {code}  {took.TotalSeconds,6:F1} s");
    }

    Console.WriteLine($"total {clock.Elapsed.TotalSeconds:F1} s");
    return results.All(r => r.Code == 0) ? 0 : 1;
}

static int Usage()
{
    Console.Error.WriteLine("usage: SchoolSupport.Benchmarks <benchmark> [options]");
    Console.Error.WriteLine("  turns  [--quick] [--only sqlite|postgres] [--postgres SERVER] [--no-postgres] [--regions 85] [--schools 5000] [--items 150] [--users 100] [--turns 30] [--serial 40] [--think-ms 1000] [--warmup-rounds 12]");
    Console.Error.WriteLine("  import [--quick] [--warmup 5] [--repetitions 30] [--seeds FOLDER]");
    Console.Error.WriteLine("  reminders [--quick] [--regions 85] [--schools 5000] [--postgres SERVER] [--no-postgres]");
    Console.Error.WriteLine("  outbox [--recipients 10000] [--rate 30] [--ceiling 48] [--burst 2] [--tenant-limit 50] [--latency-ms 40] [--postgres CONNECTION]");
    Console.Error.WriteLine("  surveys [--quick] [--only invitations|answers|results|export] [--invitations 20000] [--rate 45] [--people 2000] [--concurrency 200] [--responses 20000] [--answers 1000000]");
    Console.Error.WriteLine("  understanding [--quick] [--rounds 200] [--corpus FILE] [--explain TEXT]");
    Console.Error.WriteLine("  all    [--quick]   import, turns, reminders, outbox, surveys and understanding in sequence");
    return 2;
}
