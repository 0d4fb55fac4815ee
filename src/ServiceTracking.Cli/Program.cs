Console.WriteLine("svtrack");
