using System.Net;
using System.Net.Sockets;

namespace SchoolSupport.Web.Tests.Support;

/// <summary>
/// A loopback TCP proxy between the host and PostgreSQL that a test can cut and restore: cut, it resets every open
/// connection and every new one, exactly what a client sees when the server is stopped; restored, it forwards again.
/// The shared PostgreSQL server itself is never touched.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint target;
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Socket> open = [];
    private readonly Task accepting;
    private volatile bool cut;
    private int attempts;

    public TcpProxy(string host, int port)
    {
        target = new IPEndPoint(IPAddress.Parse(host == "localhost" ? "127.0.0.1" : host), port);
        listener.Start();
        accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Connections the proxy has been asked for (forwarded or reset).</summary>
    public int Attempts => Volatile.Read(ref attempts);

    public void Cut()
    {
        cut = true;
        lock (open)
        {
            foreach (var socket in open)
            {
                Reset(socket);
            }

            open.Clear();
        }
    }

    public void Restore() => cut = false;

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(stopping.Token);
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;
            }

            Interlocked.Increment(ref attempts);
            if (cut)
            {
                Reset(client);
                continue;
            }

            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await server.ConnectAsync(target, stopping.Token);
        }
        catch (Exception)
        {
            Reset(client);
            server.Dispose();
            return;
        }

        lock (open)
        {
            open.Add(client);
            open.Add(server);
        }

        await Task.WhenAny(PumpAsync(client, server), PumpAsync(server, client));
        lock (open)
        {
            open.Remove(client);
            open.Remove(server);
        }

        Reset(client);
        Reset(server);
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, stopping.Token);
                if (read == 0 || cut)
                {
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, stopping.Token);
            }
        }
        catch (Exception)
        {
            // Either side closed or was reset: the pair ends.
        }
    }

    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (Exception)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        Cut();
        try
        {
            await accepting;
        }
        catch (Exception)
        {
            // Stopping.
        }

        stopping.Dispose();
    }
}
