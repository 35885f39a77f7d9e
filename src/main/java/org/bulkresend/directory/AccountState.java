package org.bulkresend.directory;

/** Whether an account can sign in. Only {@link #ACTIVE} accounts are reset. */
public enum AccountState {

    ACTIVE("active"), BLOCKED("blocked from signing in"), SOFT_DELETED("deleted (in the recycle bin)");

    private final String description;

    AccountState(String description) {
        this.description = description;
    }

    public String description() {
        return this.description;
    }
}
