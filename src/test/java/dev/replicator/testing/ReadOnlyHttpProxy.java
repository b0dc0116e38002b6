package dev.replicator.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
    private final ServerSocket server;
    private final Thread acceptor;

    private ReadOnlyHttpProxy(URI upstream) throws IOException {
        this.upstream = upstream;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.acceptor = new Thread(this::accept, "read-only-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static ReadOnlyHttpProxy start(URI upstream) {
        try {
            return new ReadOnlyHttpProxy(upstream);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread t = new Thread(() -> serve(client), "read-only-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            String head = readHead(in);
            if (head == null) {
                return;
            }
            String method = head.substring(0, head.indexOf(' ')).toUpperCase(Locale.ROOT);
            if (method.equals("GET") || method.equals("HEAD")) {
                forward(head, client);
            } else {
                refuse(head, in, client.getOutputStream());
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private void forward(String head, Socket client) throws IOException {
        try (Socket up = new Socket(upstream.getHost(), upstream.getPort())) {
            StringBuilder rewritten = new StringBuilder();
            for (String line : head.split("\r\n")) {
                if (!line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
                    rewritten.append(line).append("\r\n");
                }
            }
            rewritten.append("Connection: close\r\n\r\n");
            up.getOutputStream().write(rewritten.toString().getBytes(StandardCharsets.ISO_8859_1));
            up.getOutputStream().flush();
            up.getInputStream().transferTo(client.getOutputStream());
        }
    }

    private static void refuse(String head, InputStream in, OutputStream out) throws IOException {
        long length = 0;
        boolean expectContinue = false;
        for (String line : head.split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            } else if (lower.startsWith("expect:") && lower.contains("100-continue")) {
                expectContinue = true;
            }
        }
        if (expectContinue) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        in.skipNBytes(length);
        byte[] body = DENIED.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 403 Forbidden\r\nContent-Type: application/xml\r\nContent-Length: " + body.length
                + "\r\nx-amz-request-id: readonly\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    /** The request line and headers, without the blank line; null at end of input. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while ((b = in.read()) >= 0) {
            buf.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : 0;
            if (matched == 4) {
                String s = buf.toString(StandardCharsets.ISO_8859_1);
                return s.substring(0, s.length() - 4);
            }
        }
        return null;
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
