package dev.replicator.check;

import java.util.List;

/**
 * Whether what a replica uploads can be read back: every object is encrypted to all recipients at once, so one
 * identity that decrypts one recipient is enough, and an identity that decrypts none is a broken configuration.
 */
public record AgeKeyCheck(boolean ok, String message) {

    /**
     * @param recipients the replica's age recipients
     * @param identities how many identities the replica holds (never the keys themselves)
     * @param withoutIdentity the recipients that none of those identities decrypts, found by a probe round trip
     */
    public static AgeKeyCheck of(List<String> recipients, int identities, List<String> withoutIdentity) {
        if (recipients.isEmpty()) {
            return new AgeKeyCheck(true, "age: no recipients, uploads are not encrypted; the " + identities
                    + " identity(ies) read what was encrypted before");
        }
        if (identities == 0) {
            return new AgeKeyCheck(true, "age: encrypts to " + recipients.size() + " recipient(s) and holds no "
                    + "identity here; a restore needs the AGE-SECRET-KEY-1... of one of them");
        }
        int readable = recipients.size() - withoutIdentity.size();
        if (readable == 0) {
            return new AgeKeyCheck(false, "age: none of the " + identities + " identity(ies) decrypts what is "
                    + "encrypted to " + recipients + ": add the identity of one of these recipients, or fix "
                    + "'recipients'");
        }
        return new AgeKeyCheck(true, "age: the identities decrypt " + readable + " of " + recipients.size()
                + " recipient(s), so restores read what is uploaded");
    }
}
