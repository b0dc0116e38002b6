package dev.replicator.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The listening half of the test proxies: a socket on a free port of 127.0.0.1 that hands each accepted connection
 * to {@code serve} on its own daemon thread. Closing it stops accepting and interrupts the connection threads.
 */
public final class LoopbackServer implements AutoCloseable {

    private final ServerSocket server;
    private final ExecutorService connections;
    private final Consumer<Socket> serve;

    private LoopbackServer(ServerSocket server, String name, Consumer<Socket> serve) {
        this.server = server;
        this.serve = serve;
        this.connections = Executors.newCachedThreadPool(r -> daemon(name, r));
    }

    /** Starts listening; {@code name} names the threads, {@code serve} owns the socket it is given. */
    public static LoopbackServer start(String name, Consumer<Socket> serve) throws IOException {
        LoopbackServer s = new LoopbackServer(new ServerSocket(0, 200, InetAddress.getLoopbackAddress()), name, serve);
        daemon(name + "-accept", s::acceptLoop).start();
        return s;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** A daemon thread, for a proxy that needs a second one per connection. */
    public static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.execute(() -> serve.accept(client));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    System.err.println("test proxy: accept failed: " + e);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.shutdownNow();
    }
}
