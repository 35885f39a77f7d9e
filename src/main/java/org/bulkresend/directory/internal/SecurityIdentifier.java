package org.bulkresend.directory.internal;

/**
 * A Windows security identifier (SID) as Active Directory's {@code objectSid} holds it, in binary,
 * written as text ({@code S-1-5-21-...}), which is how a search filter names a well-known group of
 * the domain: its SID plus a relative id, 512 for Domain Admins and 519 for Enterprise Admins.
 */
public final class SecurityIdentifier {

    private SecurityIdentifier() {
    }

    /**
     * The SID in its text form: revision, the 48-bit authority (big-endian) and each 32-bit
     * sub-authority (little-endian).
     *
     * @throws IllegalArgumentException if the bytes are not a SID
     */
    public static String text(byte[] sid) {
        if (sid == null || sid.length < 8 || sid.length != 8 + 4 * (sid[1] & 0xff)) {
            throw new IllegalArgumentException("not a security identifier");
        }
        long authority = 0;
        for (int i = 2; i < 8; i++) {
            authority = (authority << 8) | (sid[i] & 0xff);
        }
        StringBuilder text = new StringBuilder("S-").append(sid[0] & 0xff).append('-').append(authority);
        for (int i = 0; i < (sid[1] & 0xff); i++) {
            int at = 8 + 4 * i;
            long sub = (sid[at] & 0xffL) | ((sid[at + 1] & 0xffL) << 8) | ((sid[at + 2] & 0xffL) << 16)
                    | ((sid[at + 3] & 0xffL) << 24);
            text.append('-').append(sub);
        }
        return text.toString();
    }
}
