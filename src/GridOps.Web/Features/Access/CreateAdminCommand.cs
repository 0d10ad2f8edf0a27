using System.Text;
using GridOps.Web.Platform;

namespace GridOps.Web.Features.Access;

/// <summary><c>./gridops create-admin NAME</c>: the first administrator, without a page anyone could reach first.</summary>
internal static class CreateAdminCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken cancellationToken)
    {
        if (args.Length != 1)
        {
            throw new CommandLineException("Usage: ./gridops create-admin NAME   (the password comes from GRIDOPS_ADMIN_PASSWORD or is asked for)");
        }

        var password = Environment.GetEnvironmentVariable("GRIDOPS_ADMIN_PASSWORD") ?? ReadPassword();
        var accounts = services.GetRequiredService<UserAccounts>();
        var (user, errors) = await accounts.CreateAsync(new NewUser(args[0], args[0], password, AccessRole.Administrator, null, null), "create-admin", cancellationToken);
        if (user is null)
        {
            throw new CommandLineException("Not created: " + string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
        }

        Console.WriteLine($"Administrator '{user.UserName}' created. Sign in at /account/sign-in.");
        return 0;
    }

    // Typed at a terminal without echo; piped in as one line.
    private static string ReadPassword()
    {
        if (Console.IsInputRedirected)
        {
            return Console.ReadLine() ?? "";
        }

        Console.Error.Write("Password (at least 10 characters): ");
        var typed = new StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace && typed.Length > 0)
            {
                typed.Length--;
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }

        Console.Error.WriteLine();
        return typed.ToString();
    }
}
