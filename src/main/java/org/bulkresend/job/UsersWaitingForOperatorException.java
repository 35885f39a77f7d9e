package org.bulkresend.job;

/**
 * Users an earlier attempt reset and could not tell are still waiting, and the operator who
 * continued the run may not reset any of them; the message is meant for the admin.
 */
class UsersWaitingForOperatorException extends UsersNotToldException {

    UsersWaitingForOperatorException(String message) {
        super(message);
    }

    @Override
    public Kind kind() {
        return Kind.WAITING;
    }
}
