package dev.replicator.bench;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
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

    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final RequestCounter counter;
    private final Listener listener;

    private CountingProxy(ServerSocket server, InetSocketAddress upstream, RequestCounter counter, Listener listener) {
        this.server = server;
        this.upstream = upstream;
        this.counter = counter;
        this.listener = listener;
    }

    public static CountingProxy start(URI upstream, RequestCounter counter, Listener listener) throws IOException {
        ServerSocket server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        CountingProxy proxy = new CountingProxy(server,
                new InetSocketAddress(upstream.getHost(), upstream.getPort()), counter, listener);
        daemon("proxy-accept", proxy::acceptLoop).start();
        return proxy;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket up = new Socket(upstream.getAddress(), upstream.getPort());
                client.setTcpNoDelay(true);
                up.setTcpNoDelay(true);
                BlockingQueue<S3Request> pending = new LinkedBlockingQueue<>();
                daemon("proxy-request", () -> requests(client, up, pending)).start();
                daemon("proxy-response", () -> responses(client, up, pending)).start();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    System.err.println("bench proxy: " + e);
                }
            }
        }
    }

    private void requests(Socket client, Socket up, BlockingQueue<S3Request> pending) {
        try (client; up) {
            InputStream in = forwarding(client.getInputStream(), up.getOutputStream());
            try {
                HttpMessageReader reader = new HttpMessageReader(in);
                for (HttpHead head = reader.readHead(); head != null; head = reader.readHead()) {
                    S3Request request = S3Request.parse(head.method(), head.target());
                    counter.count(request);
                    pending.put(request);
                    reader.skipRequestBody(head);
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
                HttpMessageReader reader = new HttpMessageReader(in);
                for (HttpHead head = reader.readHead(); head != null; head = reader.readHead()) {
                    long at = Micros.now();
                    if (head.status() / 100 == 1) {
                        continue; // 100 Continue: the final answer follows
                    }
                    S3Request request = pending.take();
                    reader.skipResponseBody(head, request.method());
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

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }
}
