package dev.replicator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class HttpReaderTest {

    @Test
    void findsEachRequestOfAKeepAliveConnection() throws Exception {
        HttpReader r = reader("PUT /b/k HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"
                + "hello"
                + "PUT /b/k2 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3;chunk-signature=ab\r\nabc\r\n0;chunk-signature=cd\r\nx-amz-checksum-crc32:AAAA\r\n\r\n"
                + "GET /b?list-type=2 HTTP/1.1\r\n\r\n");
        HttpHead first = r.readHead();
        assertThat(first.target()).isEqualTo("/b/k");
        r.skipBody(first, false);
        HttpHead second = r.readHead();
        assertThat(second.target()).isEqualTo("/b/k2");
        r.skipBody(second, false);
        HttpHead third = r.readHead();
        assertThat(third.method()).isEqualTo("GET");
        r.skipBody(third, false);
        assertThat(r.readHead()).isNull();
    }

    @Test
    void skipsResponseBodiesByStatusMethodAndLength() throws Exception {
        HttpReader r = reader("HTTP/1.1 100 Continue\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc"
                + "HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n" // answers a HEAD: no body
                + "HTTP/1.1 204 No Content\r\n\r\n"
                + "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nno\r\n0\r\n\r\n");
        assertThat(r.readHead().status()).isEqualTo(100);
        HttpHead ok = r.readHead();
        r.skipBody(ok, false);
        HttpHead head = r.readHead();
        r.skipBody(head, true);
        HttpHead noContent = r.readHead();
        assertThat(noContent.status()).isEqualTo(204);
        r.skipBody(noContent, false);
        HttpHead notFound = r.readHead();
        assertThat(notFound.status()).isEqualTo(404);
        r.skipBody(notFound, false);
        assertThat(r.readHead()).isNull();
    }

    @Test
    void copiesABodyAsItCameOffTheWire() throws Exception {
        String chunked = "3;chunk-signature=ab\r\nabc\r\n0;chunk-signature=cd\r\nx-amz-checksum-crc32:AAAA\r\n\r\n";
        HttpReader r = reader("PUT /b/k HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked
                + "HTTP/1.1 200 OK\r\n\r\nto the end");
        HttpHead put = r.readHead();
        assertThat(new String(r.readBody(put, false), StandardCharsets.ISO_8859_1)).isEqualTo(chunked);
        HttpHead ok = r.readHead();
        assertThat(new String(r.readBody(ok, false), StandardCharsets.ISO_8859_1)).isEqualTo("to the end");
        assertThat(r.readHead()).isNull();
    }

    private static HttpReader reader(String wire) {
        return new HttpReader(new ByteArrayInputStream(wire.getBytes(StandardCharsets.ISO_8859_1)));
    }
}
