Console.WriteLine("cli");
