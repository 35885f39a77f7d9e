package org.bulkresend.directory;

/** Whether an account can sign in. Only {@link #ACTIVE} accounts are reset. */
public enum AccountState {

    ACTIVE("active", ""),
    BLOCKED("blocked from signing in", "unblock it first"),
    SOFT_DELETED("deleted (in the recycle bin)", "restore it first"),
    /** Active Directory's {@code accountExpires} has passed: no password lets the user sign in. */
    EXPIRED("past its end date (Account expires)", "extend or clear its end date first");

    private final String description;

    private final String remedy;

    AccountState(String description, String remedy) {
        this.description = description;
        this.remedy = remedy;
    }

    public String description() {
        return this.description;
    }

    /** What an admin does so that the account can be reset, as a phrase after a semicolon. */
    public String remedy() {
        return this.remedy;
    }
}
