package dev.replicator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class S3RequestTest {

    @Test
    void classifiesPathStyleRequests() {
        assertThat(type("GET", "/b?list-type=2&prefix=db%2Fgenerations%2F")).isEqualTo(RequestClass.LIST);
        assertThat(type("GET", "/b/?prefix=x&delimiter=%2F")).isEqualTo(RequestClass.LIST);
        assertThat(type("GET", "/b")).isEqualTo(RequestClass.LIST);
        assertThat(type("GET", "/b?location")).isEqualTo(RequestClass.GET);
        assertThat(type("GET", "/b/db/generations/0/wal/00000000_00000000.wal.lz4")).isEqualTo(RequestClass.GET);
        assertThat(type("PUT", "/b/k?partNumber=2&uploadId=u")).isEqualTo(RequestClass.PUT);
        assertThat(type("POST", "/b/k?uploads")).isEqualTo(RequestClass.POST);
        assertThat(type("POST", "/b?delete")).isEqualTo(RequestClass.POST);
        assertThat(type("DELETE", "/b/k")).isEqualTo(RequestClass.DELETE);
        assertThat(type("HEAD", "/b/k")).isEqualTo(RequestClass.HEAD);
    }

    @Test
    void decodesBucketAndKey() {
        S3Request r = S3Request.parse("PUT", "/bench-1/scale/db%2D0001.db/generations/x?x-id=PutObject");
        assertThat(r.bucket()).isEqualTo("bench-1");
        assertThat(r.key()).isEqualTo("scale/db-0001.db/generations/x");
        assertThat(r.query()).isEqualTo("x-id=PutObject");
    }

    @Test
    void onlyWholeObjectsAndCompletedUploadsStoreAnObject() {
        assertThat(S3Request.parse("PUT", "/b/k").storesObject()).isTrue();
        assertThat(S3Request.parse("POST", "/b/k?uploadId=abc").storesObject()).isTrue();
        assertThat(S3Request.parse("PUT", "/b/k?partNumber=1&uploadId=abc").storesObject()).isFalse();
        assertThat(S3Request.parse("POST", "/b/k?uploads").storesObject()).isFalse();
        assertThat(S3Request.parse("PUT", "/b").storesObject()).isFalse();
    }

    @Test
    void walSegmentKeysNameTheirDatabase() {
        assertThat(WalSegmentKey.parse("scale/db-7.db/generations/0123456789abcdef/wal/00000002_00001020.wal.lz4"))
                .hasValue(new WalSegmentKey("scale/db-7.db", "0123456789abcdef", 2, 0x1020));
        assertThat(WalSegmentKey.parse("app.db/generations/0123456789abcdef/wal/00000000_00000000.wal.lz4")
                .orElseThrow().database()).isEqualTo("app.db");
        assertThat(WalSegmentKey.parse("app.db/generations/0123456789abcdef/snapshots/00000000.snapshot.lz4"))
                .isEmpty();
    }

    private static RequestClass type(String method, String target) {
        return S3Request.parse(method, target).type();
    }
}
