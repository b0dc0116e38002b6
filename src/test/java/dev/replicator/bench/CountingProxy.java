package dev.replicator.bench;

import dev.replicator.testing.HttpHead;
import dev.replicator.testing.HttpReader;
import dev.replicator.testing.LoopbackServer;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A transparent HTTP/1.1 reverse proxy in front of the S3 server that counts every request by bucket and class. It
 * forwards bytes unchanged (so SigV4 signatures, Expect: 100-continue and aws-chunked bodies pass as they are) and
 * parses both directions only to find message boundaries; when the server answers a request that made an object
 * visible ({@link S3Request#storesObject()}) with 2xx, it tells the {@link Listener} at the moment the answer arrives.
 */
public final class CountingProxy implements Closeable {

    /** Told when an object became visible in the store. */
    public interface Listener {
        void stored(S3Request request, long epochMicros);
    }

    private final InetSocketAddress upstream;
    private final RequestCounter counter;
    private final Listener listener;
    private final LoopbackServer server;

    private CountingProxy(InetSocketAddress upstream, RequestCounter counter, Listener listener) throws IOException {
        this.upstream = upstream;
        this.counter = counter;
        this.listener = listener;
        this.server = LoopbackServer.start("proxy", this::connect);
    }

    public static CountingProxy start(URI upstream, RequestCounter counter, Listener listener) throws IOException {
        return new CountingProxy(new InetSocketAddress(upstream.getHost(), upstream.getPort()), counter, listener);
    }

    public URI endpoint() {
        return server.endpoint();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    /** Opens the upstream connection, then follows requests on this thread and responses on a second one. */
    private void connect(Socket client) {
        Socket up;
        try {
            up = new Socket(upstream.getAddress(), upstream.getPort());
            client.setTcpNoDelay(true);
            up.setTcpNoDelay(true);
        } catch (IOException e) {
            System.err.println("bench proxy: " + e);
            close(client);
            return;
        }
        BlockingQueue<S3Request> pending = new LinkedBlockingQueue<>();
        LoopbackServer.daemon("proxy-response", () -> responses(client, up, pending)).start();
        requests(client, up, pending);
    }

    private void requests(Socket client, Socket up, BlockingQueue<S3Request> pending) {
        try (client; up) {
            InputStream in = forwarding(client.getInputStream(), up.getOutputStream());
            try {
                HttpReader reader = new HttpReader(in);
                for (HttpHead head = reader.readHead(); head != null; head = reader.readHead()) {
                    S3Request request = S3Request.parse(head.method(), head.target());
                    counter.count(request);
                    pending.put(request);
                    reader.skipBody(head, false);
                }
            } catch (RuntimeException e) {
                System.err.println("bench proxy: stopped counting on a connection: " + e);
                in.transferTo(OutputStream.nullOutputStream()); // keep forwarding
            }
        } catch (IOException e) {
            // the connection ended
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void responses(Socket client, Socket up, BlockingQueue<S3Request> pending) {
        try (client; up) {
            InputStream in = forwarding(up.getInputStream(), client.getOutputStream());
            try {
                HttpReader reader = new HttpReader(in);
                for (HttpHead head = reader.readHead(); head != null; head = reader.readHead()) {
                    long at = Micros.now();
                    if (head.status() / 100 == 1) {
                        continue; // 100 Continue: the final answer follows
                    }
                    S3Request request = pending.take();
                    reader.skipBody(head, request.method().equals("HEAD"));
                    if (head.status() / 100 == 2 && request.storesObject()) {
                        listener.stored(request, at);
                    }
                }
            } catch (RuntimeException e) {
                System.err.println("bench proxy: stopped following responses on a connection: " + e);
                in.transferTo(OutputStream.nullOutputStream());
            }
        } catch (IOException e) {
            // the connection ended
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static InputStream forwarding(InputStream from, OutputStream to) {
        return new BufferedInputStream(new ForwardingInputStream(from, to), 65536);
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }
}
