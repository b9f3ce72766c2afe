using SchoolSupport.Benchmarks.Outbox;

// Each benchmark is a class of its own; the first argument picks it.
return args.FirstOrDefault() switch
{
    "outbox" => await OutboxBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: SchoolSupport.Benchmarks <benchmark> [options]");
    Console.Error.WriteLine("  outbox [--recipients 10000] [--rate 30] [--tenant-limit 50] [--latency-ms 40] [--postgres CONNECTION]");
    return 2;
}
