package dev.replicator.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * An HTTP proxy in front of an S3 endpoint that forwards reads (GET, HEAD) and refuses writes (PUT, POST, DELETE)
 * with S3's 403 AccessDenied, as read-only credentials would. One request per connection ({@code Connection: close});
 * the Host header is passed on unchanged, so SigV4 signatures stay valid.
 *
 * <pre>
 * try (ReadOnlyHttpProxy proxy = ReadOnlyHttpProxy.start(s3.endpoint())) { ... proxy.endpoint() ... }
 * </pre>
 */
public final class ReadOnlyHttpProxy implements AutoCloseable {

    private static final String DENIED = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code>"
            + "<Message>Access Denied</Message><RequestId>readonly</RequestId></Error>";

    private final URI upstream;
    private final LoopbackServer server;

    private ReadOnlyHttpProxy(URI upstream) throws IOException {
        this.upstream = upstream;
        this.server = LoopbackServer.start("read-only-proxy", this::serve);
    }

    public static ReadOnlyHttpProxy start(URI upstream) {
        try {
            return new ReadOnlyHttpProxy(upstream);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI endpoint() {
        return server.endpoint();
    }

    private void serve(Socket client) {
        try (client) {
            HttpReader in = new HttpReader(client.getInputStream());
            HttpHead head = in.readHead();
            if (head == null) {
                return;
            }
            String method = head.method().toUpperCase(Locale.ROOT);
            if (method.equals("GET") || method.equals("HEAD")) {
                forward(head, client);
            } else {
                refuse(head, in, client.getOutputStream());
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private void forward(HttpHead head, Socket client) throws IOException {
        try (Socket up = new Socket(upstream.getHost(), upstream.getPort())) {
            up.getOutputStream().write(head.rewriteHeaders(List.of("connection"), List.of("Connection: close")).bytes());
            up.getOutputStream().flush();
            up.getInputStream().transferTo(client.getOutputStream());
        }
    }

    private static void refuse(HttpHead head, HttpReader in, OutputStream out) throws IOException {
        if (head.header("expect").map(v -> v.toLowerCase(Locale.ROOT).contains("100-continue")).orElse(false)) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        in.skipBody(head, false);
        byte[] body = DENIED.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 403 Forbidden\r\nContent-Type: application/xml\r\nContent-Length: " + body.length
                + "\r\nx-amz-request-id: readonly\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }
}
