package dev.replicator.torture;

import dev.replicator.testing.HttpHead;
import dev.replicator.testing.HttpReader;
import dev.replicator.testing.LoopbackServer;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A small HTTP/1.1 proxy between the replicator and an S3 endpoint that injects faults: error statuses before or
 * after the server stored an upload, connection resets, truncated bodies in either direction, slow answers, a full
 * outage, and holds (a request parked until the test releases it, to kill a client mid-upload). Each client
 * connection carries one request; answers say {@code Connection: close}. Headers and bodies pass through byte for
 * byte, so SigV4 signatures stay valid.
 */
final class FaultProxy implements AutoCloseable {

    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);

    private final InetSocketAddress upstream;
    private final LoopbackServer server;
    private final Map<String, AtomicInteger> injected = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final Deque<String> history = new ArrayDeque<>();
    private final AtomicReference<Hold> hold = new AtomicReference<>();
    private volatile FaultPlan plan = FaultPlan.PASS;
    private volatile long outageUntilNanos = Long.MIN_VALUE;
    private volatile boolean outage;

    private FaultProxy(InetSocketAddress upstream) throws IOException {
        this.upstream = upstream;
        this.server = LoopbackServer.start("fault-proxy", this::handle);
    }

    /** Starts a proxy on a free port of 127.0.0.1 in front of {@code upstream} (http://host:port). */
    static FaultProxy start(URI upstream) throws IOException {
        return new FaultProxy(new InetSocketAddress(upstream.getHost(), upstream.getPort()));
    }

    URI endpoint() {
        return server.endpoint();
    }

    void plan(FaultPlan plan) {
        this.plan = plan;
    }

    /** Resets every connection until {@link #endOutage()}, or for {@code duration} if given. */
    void outage(Duration duration) {
        outageUntilNanos = System.nanoTime() + duration.toNanos();
    }

    void startOutage() {
        outage = true;
    }

    void endOutage() {
        outage = false;
        outageUntilNanos = Long.MIN_VALUE;
    }

    /** Parks the next request that matches, before forwarding it or after the server answered it. */
    Hold hold(Predicate<HttpHead> which, Hold.Point point) {
        Hold h = new Hold(which, point);
        hold.set(h);
        return h;
    }

    int requests() {
        return requests.get();
    }

    /** How many faults of each kind were injected (outage resets count as "OUTAGE"). */
    Map<String, Integer> injected() {
        Map<String, Integer> copy = new java.util.TreeMap<>();
        injected.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    int injectedTotal() {
        return injected.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** The last requests and what was done to them, for failure messages. */
    synchronized String history() {
        return String.join("\n", history);
    }

    boolean inOutage() {
        return outage || System.nanoTime() < outageUntilNanos;
    }

    private void handle(Socket client) {
        try (client) {
            client.setSoTimeout((int) SOCKET_TIMEOUT.toMillis());
            if (inOutage()) {
                count("OUTAGE");
                reset(client);
                return;
            }
            InputStream in = client.getInputStream();
            HttpReader reader = new HttpReader(in);
            HttpHead head = reader.readHead();
            if (head == null) {
                record("connection ended before a request");
                return;
            }
            requests.incrementAndGet();
            if (head.header("expect").isPresent()) {
                client.getOutputStream().write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            Fault fault = plan.decide(head);
            if (fault.isFault()) {
                count(fault.kind().toString());
            }
            record(head + " -> " + fault);
            switch (fault.kind()) {
                case RESET_BEFORE_FORWARD -> {
                    reset(client);
                    return;
                }
                case RESET_MID_REQUEST -> {
                    long length = Math.max(0, head.contentLength());
                    in.readNBytes((int) Math.min(Integer.MAX_VALUE, length / 2));
                    reset(client);
                    return;
                }
                default -> {
                }
            }
            Message request = new Message(head, reader.readBody(head, false))
                    .rewriteHeaders(List.of("connection", "expect", "keep-alive"), List.of("Connection: close"));
            Hold parked = takeHold(request, Hold.Point.BEFORE_FORWARD);
            if (parked != null) {
                parked.park();
                reset(client);
                return;
            }
            switch (fault.kind()) {
                case STATUS -> {
                    answerError(client.getOutputStream(), fault.status());
                    return;
                }
                case DELAY -> sleep(fault.delay());
                case TRUNCATE_REQUEST -> {
                    forwardTruncated(request);
                    reset(client);
                    return;
                }
                default -> {
                }
            }
            Message response = forward(request);
            parked = takeHold(request, Hold.Point.AFTER_FORWARD);
            if (parked != null) {
                parked.park();
                reset(client);
                return;
            }
            response = response.rewriteHeaders(List.of("connection", "keep-alive"), List.of("Connection: close"));
            OutputStream out = client.getOutputStream();
            switch (fault.kind()) {
                case STATUS_AFTER_FORWARD -> answerError(out, fault.status());
                case RESET_AFTER_FORWARD -> reset(client);
                case TRUNCATE_RESPONSE -> {
                    out.write(response.headBytes());
                    out.write(response.body(), 0, response.body().length / 2);
                    out.flush();
                }
                case SLOW_RESPONSE -> dribble(out, response, fault.delay());
                default -> {
                    out.write(response.headBytes());
                    out.write(response.body());
                    out.flush();
                }
            }
        } catch (IOException e) {
            record("connection ended: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized Hold takeHold(Message request, Hold.Point point) {
        Hold h = hold.get();
        if (h != null && h.point() == point && h.matches(request.head()) && hold.compareAndSet(h, null)) {
            record(request + " -> HOLD " + point);
            count("HOLD_" + point);
            return h;
        }
        return null;
    }

    private Message forward(Message request) throws IOException {
        try (Socket s = new Socket(upstream.getAddress(), upstream.getPort())) {
            s.setSoTimeout((int) SOCKET_TIMEOUT.toMillis());
            OutputStream out = s.getOutputStream();
            out.write(request.headBytes());
            out.write(request.body());
            out.flush();
            HttpReader reader = new HttpReader(s.getInputStream());
            HttpHead head = reader.readHead();
            while (head != null && head.status() / 100 == 1) {
                head = reader.readHead();
            }
            if (head == null) {
                throw new EOFException("connection closed before an answer");
            }
            return new Message(head, reader.readBody(head, request.head().method().equals("HEAD")));
        }
    }

    /** Sends the head and half of the body, then closes: the server sees a body that ends too early. */
    private void forwardTruncated(Message request) throws IOException {
        try (Socket s = new Socket(upstream.getAddress(), upstream.getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(request.headBytes());
            out.write(request.body(), 0, request.body().length / 2);
            out.flush();
            s.setSoLinger(true, 0);
        }
    }

    private static void dribble(OutputStream out, Message response, Duration over) throws IOException,
            InterruptedException {
        out.write(response.headBytes());
        out.flush();
        byte[] body = response.body();
        int steps = 10;
        int chunk = Math.max(1, (body.length + steps - 1) / steps);
        for (int off = 0; off < body.length; off += chunk) {
            sleep(over.dividedBy(steps));
            out.write(body, off, Math.min(chunk, body.length - off));
            out.flush();
        }
        if (body.length == 0) {
            sleep(over);
        }
    }

    private static void answerError(OutputStream out, int status) throws IOException {
        String code = switch (status) {
            case 503 -> "ServiceUnavailable";
            case 500 -> "InternalError";
            default -> "InjectedError";
        };
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code
                + "</Code><Message>injected by FaultProxy</Message></Error>").getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + code + "\r\nContent-Type: application/xml\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private static void reset(Socket socket) throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    private static void sleep(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }

    private void count(String what) {
        injected.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
    }

    private synchronized void record(String line) {
        history.addLast(line);
        while (history.size() > 300) {
            history.removeFirst();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        Hold h = hold.getAndSet(null);
        if (h != null) {
            h.release();
        }
    }

    /** A request or response as the proxy holds it: head and raw body. */
    private record Message(HttpHead head, byte[] body) {

        Message rewriteHeaders(List<String> drop, List<String> extra) {
            return new Message(head.rewriteHeaders(drop, extra), body);
        }

        byte[] headBytes() {
            return head.bytes();
        }

        @Override
        public String toString() {
            return head.toString();
        }
    }
}
