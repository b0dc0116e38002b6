package dev.replicator.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The replica keys that belong to some types only, and the check that a replica sets none of another type's. */
final class TypeKeys {

    private static final Map<String, Set<ReplicaType>> OWNERS = new LinkedHashMap<>();

    static {
        Set<ReplicaType> s3 = Set.of(ReplicaType.S3);
        Set<ReplicaType> sftp = Set.of(ReplicaType.SFTP);
        Set<ReplicaType> abs = Set.of(ReplicaType.ABS);
        OWNERS.put("bucket", Set.of(ReplicaType.S3, ReplicaType.ABS));
        OWNERS.put("endpoint", Set.of(ReplicaType.S3, ReplicaType.ABS));
        for (String key : List.of("region", "force-path-style", "skip-verify", "access-key-id", "secret-access-key")) {
            OWNERS.put(key, s3);
        }
        for (String key : List.of("host", "user", "password", "key-path")) {
            OWNERS.put(key, sftp);
        }
        OWNERS.put("account-name", abs);
        OWNERS.put("account-key", abs);
    }

    private TypeKeys() {
    }

    static void check(ConfigFile.Replica r, Place at, ReplicaType type) {
        List<Object> values = List.of(wrap(r.bucket()), wrap(r.endpoint()), wrap(r.region()),
                wrap(r.forcePathStyle()), wrap(r.skipVerify()), wrap(r.accessKeyId()), wrap(r.secretAccessKey()),
                wrap(r.host()), wrap(r.user()), wrap(r.password()), wrap(r.keyPath()), wrap(r.accountName()),
                wrap(r.accountKey()));
        List<String> keys = new ArrayList<>(OWNERS.keySet());
        for (int i = 0; i < keys.size(); i++) {
            Set<ReplicaType> owners = OWNERS.get(keys.get(i));
            if (values.get(i) != NONE && !owners.contains(type)) {
                List<String> ids = owners.stream().map(ReplicaType::id).sorted(TypeKeys::s3First).toList();
                throw at.fail(keys.get(i), at.keyPath(keys.get(i)) + " applies to " + String.join(" and ", ids)
                        + " replicas only; remove it or set type: " + ids.get(0));
            }
        }
    }

    private static final Object NONE = new Object();

    private static Object wrap(Object value) {
        return value == null ? NONE : value;
    }

    private static int s3First(String a, String b) {
        return a.equals("s3") ? -1 : b.equals("s3") ? 1 : a.compareTo(b);
    }
}
